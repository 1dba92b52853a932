"""DDL that migrations share: append-only triggers and SQLite-only constraints."""

from alembic import op


def sqlite_only(*constraints):
    """Constraints that only SQLite needs (PostgreSQL's column types already enforce them)."""
    return constraints if op.get_bind().dialect.name == "sqlite" else ()


def create_append_only_triggers(table):
    """Refuse UPDATE and DELETE on `table` in the database itself, not only in the app."""
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
    else:
        op.execute(
            "CREATE OR REPLACE FUNCTION casefile_refuse_change() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION casefile_refuse_change()"
        )


def drop_append_only_triggers(table):
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")
    else:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")


def belongs_on(dialect_name: str):
    """An autogenerate `include_object` hook: skip model objects limited to another dialect
    (e.g. an index declared with `.ddl_if(dialect="sqlite")`) when comparing on this one."""

    def include(obj, _name, type_, reflected, _compare_to):
        only_on = getattr(getattr(obj, "_ddl_if", None), "dialect", None)
        return reflected or type_ != "index" or only_on in (None, dialect_name)

    return include
