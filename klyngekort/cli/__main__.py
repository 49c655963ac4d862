from klyngekort.cli.main import main

raise SystemExit(main())
