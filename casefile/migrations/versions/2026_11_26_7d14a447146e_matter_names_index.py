"""Matter names index (SQLite only): the matters list's text filter scans it, not the table.

Revision ID: 7d14a447146e
Revises: ae161c9f8aca
Create Date: 2026-11-26 12:40:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '7d14a447146e'
down_revision = 'ae161c9f8aca'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.create_index('ix_matters_party_names', 'matters', ['party_names'], unique=False)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.drop_index('ix_matters_party_names', table_name='matters')
