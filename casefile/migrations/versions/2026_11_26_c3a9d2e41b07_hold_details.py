"""Hold details: a bankruptcy's case (number, chapter, court, filing date), how a hold ended,
and the document it rests on.

Revision ID: c3a9d2e41b07
Revises: 690c55e0f9cc
Create Date: 2026-11-26 15:20:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c3a9d2e41b07'
down_revision = '690c55e0f9cc'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('holds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lift_outcome', sa.String(length=30), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('case_number', sa.String(length=60), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('chapter', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('court', sa.String(length=120), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('filed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('evidence_document_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_holds_evidence_document_id_documents'), 'documents', ['evidence_document_id'], ['id'])


def downgrade():
    with op.batch_alter_table('holds', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_holds_evidence_document_id_documents'), type_='foreignkey')
        batch_op.drop_column('evidence_document_id')
        batch_op.drop_column('filed_on')
        batch_op.drop_column('court')
        batch_op.drop_column('chapter')
        batch_op.drop_column('case_number')
        batch_op.drop_column('lift_outcome')
