"""Documents that came with correspondence, and their extracted text.

Revision ID: 884577c2a685
Revises: b1870bbbbc01
Create Date: 2026-11-26 13:14:31.600765

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '884577c2a685'
down_revision = 'b1870bbbbc01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('correspondence_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('text', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('text_status', sa.String(length=120), nullable=False, server_default=''))
        batch_op.create_foreign_key(batch_op.f('fk_documents_correspondence_id_correspondence'), 'correspondence', ['correspondence_id'], ['id'])


def downgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_documents_correspondence_id_correspondence'), type_='foreignkey')
        batch_op.drop_column('text_status')
        batch_op.drop_column('text')
        batch_op.drop_column('correspondence_id')
