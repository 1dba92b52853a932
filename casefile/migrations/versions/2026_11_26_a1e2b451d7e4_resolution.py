"""Resolution: the negotiation log (offers and counter-offers, with the client's approval of
offers below its floor), settlement agreements (lump sum or payment plan) with their
installments, each client's settlement authority (`clients.settlement_floor_basis_points`),
litigation (suits with service and the answer deadline, court dates, the judgment) and
enforcement actions with the payments they recovered; and calendar feed tokens (hashes only).

Revision ID: a1e2b451d7e4
Revises: 7ee09e857f9a
Create Date: 2026-11-26 15:00:24.115361

"""
from alembic import op
import sqlalchemy as sa

import casefile.types
from casefile.migrations.ddl import sqlite_only


# revision identifiers, used by Alembic.
revision = 'a1e2b451d7e4'
down_revision = '7ee09e857f9a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('offers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('made_by', sa.Enum('debtor', 'firm', name='offer_from', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('made_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.Enum('lump_sum', 'plan', name='offer_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.Column('installments', sa.Integer(), nullable=True),
    sa.Column('frequency', sa.Enum('weekly', 'every_two_weeks', 'monthly', name='offer_frequency', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('terms', sa.Text(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('balance_cents', sa.BigInteger(), nullable=False),
    sa.Column('floor_basis_points', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('open', 'awaiting_client', 'client_approved', 'client_declined', 'accepted', 'rejected', 'withdrawn', name='offer_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('approval_asked_at', casefile.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('approval_asked_by_id', sa.Integer(), nullable=True),
    sa.Column('client_decided_at', casefile.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('client_decided_by_id', sa.Integer(), nullable=True),
    sa.Column('client_note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', casefile.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    *sqlite_only(sa.CheckConstraint("typeof(amount_cents) = 'integer'", name=op.f('ck_offers_amount_cents_is_integer'))),
    *sqlite_only(sa.CheckConstraint("typeof(balance_cents) = 'integer'", name=op.f('ck_offers_balance_cents_is_integer'))),
    sa.CheckConstraint('amount_cents > 0', name=op.f('ck_offers_offer_is_positive')),
    sa.CheckConstraint('installments IS NULL OR installments BETWEEN 1 AND 120', name=op.f('ck_offers_installments_in_range')),
    sa.ForeignKeyConstraint(['approval_asked_by_id'], ['users.id'], name=op.f('fk_offers_approval_asked_by_id_users')),
    sa.ForeignKeyConstraint(['client_decided_by_id'], ['users.id'], name=op.f('fk_offers_client_decided_by_id_users')),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_offers_matter_id_matters')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_offers_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offers'))
    )
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.create_index('ix_offers_matter', ['matter_id', 'made_on', 'id'], unique=False)
        batch_op.create_index('ix_offers_status', ['status'], unique=False)

    op.create_table('agreements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=True),
    sa.Column('replaces_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('lump_sum', 'plan', name='agreement_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('agreed_on', sa.Date(), nullable=False),
    sa.Column('balance_cents', sa.BigInteger(), nullable=False),
    sa.Column('settled_cents', sa.BigInteger(), nullable=False),
    sa.Column('down_payment_cents', sa.BigInteger(), nullable=False),
    sa.Column('frequency', sa.Enum('weekly', 'every_two_weeks', 'monthly', name='agreement_frequency', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('due_rule', sa.Enum('next_business_day', 'as_scheduled', name='agreement_due_rule', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('grace_days', sa.Integer(), nullable=False),
    sa.Column('on_default', sa.String(length=12), nullable=False),
    sa.Column('after_entry_id', sa.Integer(), nullable=False),
    sa.Column('terms', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('active', 'paid', 'defaulted', 'replaced', name='agreement_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('defaulted_on', sa.Date(), nullable=True),
    sa.Column('ended_at', casefile.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', casefile.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("on_default IN ('litigation', 'judgment')", name=op.f('ck_agreements_on_default_is_a_stage')),
    *sqlite_only(sa.CheckConstraint("typeof(balance_cents) = 'integer'", name=op.f('ck_agreements_balance_cents_is_integer'))),
    *sqlite_only(sa.CheckConstraint("typeof(down_payment_cents) = 'integer'", name=op.f('ck_agreements_down_payment_cents_is_integer'))),
    *sqlite_only(sa.CheckConstraint("typeof(settled_cents) = 'integer'", name=op.f('ck_agreements_settled_cents_is_integer'))),
    sa.CheckConstraint('down_payment_cents >= 0', name=op.f('ck_agreements_down_payment_not_negative')),
    sa.CheckConstraint('grace_days >= 0', name=op.f('ck_agreements_grace_days_not_negative')),
    sa.CheckConstraint('settled_cents > 0', name=op.f('ck_agreements_settled_is_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_agreements_created_by_id_users')),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_agreements_matter_id_matters')),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], name=op.f('fk_agreements_offer_id_offers')),
    sa.ForeignKeyConstraint(['replaces_id'], ['agreements.id'], name=op.f('fk_agreements_replaces_id_agreements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreements')),
    sa.UniqueConstraint('replaces_id', name=op.f('uq_agreements_replaces_id'))
    )
    with op.batch_alter_table('agreements', schema=None) as batch_op:
        batch_op.create_index('ix_agreements_matter', ['matter_id', 'id'], unique=False)
        batch_op.create_index('ix_agreements_status', ['status'], unique=False)

    op.create_table('installments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('scheduled_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    *sqlite_only(sa.CheckConstraint("typeof(amount_cents) = 'integer'", name=op.f('ck_installments_amount_cents_is_integer'))),
    sa.CheckConstraint('amount_cents > 0', name=op.f('ck_installments_installment_is_positive')),
    sa.CheckConstraint('due_on >= scheduled_on', name=op.f('ck_installments_due_not_before_scheduled')),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'], name=op.f('fk_installments_agreement_id_agreements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_installments')),
    sa.UniqueConstraint('agreement_id', 'number', name='uq_installments_agreement_number')
    )
    with op.batch_alter_table('installments', schema=None) as batch_op:
        batch_op.create_index('ix_installments_due', ['due_on'], unique=False)

    op.create_table('suits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('court', sa.String(length=200), nullable=False),
    sa.Column('index_number', sa.String(length=60), nullable=False),
    sa.Column('filed_on', sa.Date(), nullable=False),
    sa.Column('served_on', sa.Date(), nullable=True),
    sa.Column('service_method', sa.String(length=32), nullable=False),
    sa.Column('service_completed_on', sa.Date(), nullable=True),
    sa.Column('answer_due_on', sa.Date(), nullable=True),
    sa.Column('answer_rule', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', casefile.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_suits_created_by_id_users')),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_suits_matter_id_matters')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suits'))
    )
    with op.batch_alter_table('suits', schema=None) as batch_op:
        batch_op.create_index('ix_suits_matter', ['matter_id', 'id'], unique=False)

    op.create_table('court_dates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('at_time', sa.String(length=5), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', casefile.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_court_dates_created_by_id_users')),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_court_dates_matter_id_matters')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_court_dates'))
    )
    with op.batch_alter_table('court_dates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_court_dates_matter_id'), ['matter_id'], unique=False)
        batch_op.create_index('ix_court_dates_on', ['on', 'id'], unique=False)

    op.create_table('judgments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('entered_on', sa.Date(), nullable=False),
    sa.Column('principal_cents', sa.BigInteger(), nullable=False),
    sa.Column('interest_cents', sa.BigInteger(), nullable=False),
    sa.Column('costs_cents', sa.BigInteger(), nullable=False),
    sa.Column('fees_cents', sa.BigInteger(), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.Column('rate_basis_points', sa.Integer(), nullable=False),
    sa.Column('rate_source', sa.Text(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('renewal_due_on', sa.Date(), nullable=True),
    sa.Column('life_source', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', casefile.types.UTCDateTime(timezone=True), nullable=False),
    *sqlite_only(sa.CheckConstraint("typeof(amount_cents) = 'integer'", name=op.f('ck_judgments_amount_cents_is_integer'))),
    *sqlite_only(sa.CheckConstraint("typeof(costs_cents) = 'integer'", name=op.f('ck_judgments_costs_cents_is_integer'))),
    *sqlite_only(sa.CheckConstraint("typeof(fees_cents) = 'integer'", name=op.f('ck_judgments_fees_cents_is_integer'))),
    *sqlite_only(sa.CheckConstraint("typeof(interest_cents) = 'integer'", name=op.f('ck_judgments_interest_cents_is_integer'))),
    *sqlite_only(sa.CheckConstraint("typeof(principal_cents) = 'integer'", name=op.f('ck_judgments_principal_cents_is_integer'))),
    sa.CheckConstraint('amount_cents = principal_cents + interest_cents + costs_cents + fees_cents', name=op.f('ck_judgments_amount_is_the_sum_of_its_parts')),
    sa.CheckConstraint('principal_cents >= 0 AND interest_cents >= 0 AND costs_cents >= 0 AND fees_cents >= 0 AND amount_cents > 0', name=op.f('ck_judgments_parts_not_negative')),
    sa.CheckConstraint('rate_basis_points BETWEEN 0 AND 10000', name=op.f('ck_judgments_judgment_rate_is_a_percentage')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_judgments_created_by_id_users')),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_judgments_matter_id_matters')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_judgments')),
    sa.UniqueConstraint('matter_id', name=op.f('uq_judgments_matter_id'))
    )

    op.create_table('enforcement_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('wage_garnishment', 'bank_levy', 'property_lien', 'information_subpoena', 'debtor_examination', name='enforcement_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('third_party', sa.String(length=200), nullable=False),
    sa.Column('status', sa.Enum('prepared', 'issued', 'served', 'active', 'satisfied', 'released', 'unsatisfied', name='enforcement_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('status_on', sa.Date(), nullable=False),
    sa.Column('next_step', sa.String(length=200), nullable=False),
    sa.Column('next_step_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', casefile.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_enforcement_actions_created_by_id_users')),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_enforcement_actions_matter_id_matters')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enforcement_actions'))
    )
    with op.batch_alter_table('enforcement_actions', schema=None) as batch_op:
        batch_op.create_index('ix_enforcement_actions_matter', ['matter_id', 'id'], unique=False)

    op.create_table('enforcement_recoveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('ledger_entry_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['enforcement_actions.id'], name=op.f('fk_enforcement_recoveries_action_id_enforcement_actions')),
    sa.ForeignKeyConstraint(['ledger_entry_id'], ['ledger_entries.id'], name=op.f('fk_enforcement_recoveries_ledger_entry_id_ledger_entries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enforcement_recoveries')),
    sa.UniqueConstraint('ledger_entry_id', name=op.f('uq_enforcement_recoveries_ledger_entry_id'))
    )
    with op.batch_alter_table('enforcement_recoveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enforcement_recoveries_action_id'), ['action_id'], unique=False)

    op.create_table('calendar_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', casefile.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', casefile.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_calendar_tokens_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_tokens')),
    sa.UniqueConstraint('token_sha256', name=op.f('uq_calendar_tokens_token_sha256'))
    )
    with op.batch_alter_table('calendar_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calendar_tokens_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('settlement_floor_basis_points', sa.Integer(), server_default='10000', nullable=False))
        batch_op.create_check_constraint(
            op.f('ck_clients_floor_is_a_percentage'),
            'settlement_floor_basis_points BETWEEN 0 AND 10000',
        )



def downgrade():
    with op.batch_alter_table('calendar_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calendar_tokens_user_id'))

    op.drop_table('calendar_tokens')
    with op.batch_alter_table('enforcement_recoveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enforcement_recoveries_action_id'))

    op.drop_table('enforcement_recoveries')
    with op.batch_alter_table('enforcement_actions', schema=None) as batch_op:
        batch_op.drop_index('ix_enforcement_actions_matter')

    op.drop_table('enforcement_actions')
    op.drop_table('judgments')
    with op.batch_alter_table('court_dates', schema=None) as batch_op:
        batch_op.drop_index('ix_court_dates_on')
        batch_op.drop_index(batch_op.f('ix_court_dates_matter_id'))

    op.drop_table('court_dates')
    with op.batch_alter_table('suits', schema=None) as batch_op:
        batch_op.drop_index('ix_suits_matter')

    op.drop_table('suits')
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_clients_floor_is_a_percentage'), type_='check')
        batch_op.drop_column('settlement_floor_basis_points')

    with op.batch_alter_table('installments', schema=None) as batch_op:
        batch_op.drop_index('ix_installments_due')

    op.drop_table('installments')
    with op.batch_alter_table('agreements', schema=None) as batch_op:
        batch_op.drop_index('ix_agreements_status')
        batch_op.drop_index('ix_agreements_matter')

    op.drop_table('agreements')
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.drop_index('ix_offers_status')
        batch_op.drop_index('ix_offers_matter')

    op.drop_table('offers')
