"""learned phrasings: "Meinten Sie" taps on unanswered messages, and wordings confirmed as intent phrasings

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 15:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('unanswered_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('offered', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('chosen', sa.String(length=70), nullable=True))
    op.create_table('learned_phrasings',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('intent', sa.String(length=40), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('added_by', sa.String(length=120), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('intent', 'lang', 'text')
    )
    with op.batch_alter_table('learned_phrasings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learned_phrasings_intent'), ['intent'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('learned_phrasings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_learned_phrasings_intent'))
    op.drop_table('learned_phrasings')
    with op.batch_alter_table('unanswered_messages', schema=None) as batch_op:
        batch_op.drop_column('chosen')
        batch_op.drop_column('offered')
