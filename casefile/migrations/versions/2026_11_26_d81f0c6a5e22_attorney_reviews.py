"""Attorney reviews: an attorney's approval of a suit or a settlement after checking the file
(append-only).

Revision ID: d81f0c6a5e22
Revises: c3a9d2e41b07
Create Date: 2026-11-26 15:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

from casefile.migrations.ddl import create_append_only_triggers, drop_append_only_triggers


# revision identifiers, used by Alembic.
revision = 'd81f0c6a5e22'
down_revision = 'c3a9d2e41b07'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('attorney_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.Enum('letter', 'call', 'suit', 'settlement', 'enforcement', name='reviewed_action', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('documentation_reviewed', sa.Boolean(), nullable=False),
    sa.Column('balance_verified', sa.Boolean(), nullable=False),
    sa.Column('limitation_checked', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('documentation_reviewed AND balance_verified AND limitation_checked', name=op.f('ck_attorney_reviews_checklist_complete')),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_attorney_reviews_matter_id_matters')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_attorney_reviews_reviewed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attorney_reviews'))
    )
    with op.batch_alter_table('attorney_reviews', schema=None) as batch_op:
        batch_op.create_index('ix_attorney_reviews_matter', ['matter_id', 'reviewed_at'], unique=False)
    create_append_only_triggers("attorney_reviews")


def downgrade():
    drop_append_only_triggers("attorney_reviews")
    with op.batch_alter_table('attorney_reviews', schema=None) as batch_op:
        batch_op.drop_index('ix_attorney_reviews_matter')
    op.drop_table('attorney_reviews')
