"""hand-over: offices, routing, tickets, answers, inbound mails, outbox

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 07:50:46.756503
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('offices',
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('rb_code', sa.String(length=3), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('demo', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['rb_code'], ['bezirksregierungen.code'], ),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('routing_rules',
    sa.Column('id', sa.String(length=60), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('topic', sa.String(length=30), nullable=False),
    sa.Column('rb_code', sa.String(length=3), nullable=True),
    sa.Column('office_code', sa.String(length=30), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['office_code'], ['offices.code'], ),
    sa.ForeignKeyConstraint(['rb_code'], ['bezirksregierungen.code'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('inbound_mails',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('message_id', sa.String(length=300), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('from_addr', sa.String(length=200), nullable=False),
    sa.Column('subject', sa.String(length=500), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=True),
    sa.Column('outcome', sa.String(length=30), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('message_id')
    )
    op.create_table('outbox',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('recipient', sa.Text(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
    sa.Column('last_error', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_channel'), ['channel'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_next_attempt_at'), ['next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('ticket_answers',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ticket_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_answers_ticket_id'), ['ticket_id'], unique=False)

    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reference', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('topic', sa.String(length=30), nullable=False, server_default='allgemein'))
        batch_op.add_column(sa.Column('facility_id', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('office_code', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('routing_reason', sa.String(length=400), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('contact', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('contact_consent_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('reply_channel', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('reply_address', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('transcript', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('answered_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('reminded_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('personal_data_deleted_at', sa.DateTime(), nullable=True))
        batch_op.alter_column('rb_code',
               existing_type=sa.VARCHAR(length=3),
               nullable=True)
        batch_op.create_index(batch_op.f('ix_tickets_status'), ['status'], unique=False)
        batch_op.create_unique_constraint('uq_tickets_reference', ['reference'])
        batch_op.create_foreign_key('fk_tickets_office', 'offices', ['office_code'], ['code'])
        batch_op.create_foreign_key('fk_tickets_facility', 'facilities', ['facility_id'], ['id'], ondelete='SET NULL')
    # Tickets of the first version were stored as "offen" and had no reference yet.
    op.execute("UPDATE tickets SET status = 'open' WHERE status = 'offen'")
    bind = op.get_bind()
    for ticket_id, created in bind.execute(sa.text("SELECT id, created_at FROM tickets WHERE reference IS NULL")).all():
        year = str(created)[:4] if created else "2026"
        bind.execute(sa.text("UPDATE tickets SET reference = :ref WHERE id = :id"),
                     {"ref": f"NB-{year}-{ticket_id:06d}", "id": ticket_id})


def downgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_constraint('fk_tickets_facility', type_='foreignkey')
        batch_op.drop_constraint('fk_tickets_office', type_='foreignkey')
        batch_op.drop_constraint('uq_tickets_reference', type_='unique')
        batch_op.drop_index(batch_op.f('ix_tickets_status'))
        batch_op.alter_column('rb_code',
               existing_type=sa.VARCHAR(length=3),
               nullable=False)
        batch_op.drop_column('personal_data_deleted_at')
        batch_op.drop_column('reminded_at')
        batch_op.drop_column('closed_at')
        batch_op.drop_column('answered_at')
        batch_op.drop_column('transcript')
        batch_op.drop_column('reply_address')
        batch_op.drop_column('reply_channel')
        batch_op.drop_column('contact_consent_at')
        batch_op.drop_column('contact')
        batch_op.drop_column('routing_reason')
        batch_op.drop_column('office_code')
        batch_op.drop_column('facility_id')
        batch_op.drop_column('topic')
        batch_op.drop_column('reference')

    with op.batch_alter_table('ticket_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_answers_ticket_id'))

    op.drop_table('ticket_answers')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_ticket_id'))
        batch_op.drop_index(batch_op.f('ix_outbox_status'))
        batch_op.drop_index(batch_op.f('ix_outbox_next_attempt_at'))
        batch_op.drop_index(batch_op.f('ix_outbox_channel'))

    op.drop_table('outbox')
    op.drop_table('inbound_mails')
    op.drop_table('routing_rules')
    op.drop_table('offices')
