"""An index on when correspondence happened, which a search rebuild reads it by (newest first).

Revision ID: 5b0e7c2d9a13
Revises: a1e2b451d7e4
Create Date: 2026-12-04 18:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5b0e7c2d9a13'
down_revision = 'a1e2b451d7e4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_correspondence_occurred', 'correspondence', ['occurred_at', 'id'], unique=False
    )


def downgrade():
    op.drop_index('ix_correspondence_occurred', table_name='correspondence')
