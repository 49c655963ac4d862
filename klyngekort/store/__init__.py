"""The store: one database (SQLite or PostgreSQL) for the data of record, its history, the users
and the scenarios. SQLAlchemy 2 Core with psycopg 3; the schema is migrated with Alembic
(:mod:`klyngekort.store.migrations`)."""
