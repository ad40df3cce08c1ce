"""feedback: answer log, unanswered messages, ratings

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 11:01:05.049505
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('answer_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('conversation', sa.String(length=64), nullable=False),
    sa.Column('intent', sa.String(length=40), nullable=False),
    sa.Column('faq_key', sa.String(length=60), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('answered', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('answer_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_log_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_answer_log_conversation'), ['conversation'], unique=False)

    op.create_table('ratings',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('conversation', sa.String(length=64), nullable=False),
    sa.Column('target', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('conversation', 'target')
    )
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ratings_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_ratings_conversation'), ['conversation'], unique=False)
        batch_op.create_index(batch_op.f('ix_ratings_target'), ['target'], unique=False)

    op.create_table('unanswered_messages',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('conversation', sa.String(length=64), nullable=False),
    sa.Column('text', sa.String(length=1000), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('guessed_intent', sa.String(length=40), nullable=False),
    sa.Column('guessed_faq', sa.String(length=60), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('handled_by', sa.String(length=120), nullable=True),
    sa.Column('handled_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('unanswered_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unanswered_messages_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_unanswered_messages_conversation'), ['conversation'], unique=False)
        batch_op.create_index(batch_op.f('ix_unanswered_messages_status'), ['status'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('unanswered_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unanswered_messages_status'))
        batch_op.drop_index(batch_op.f('ix_unanswered_messages_conversation'))
        batch_op.drop_index(batch_op.f('ix_unanswered_messages_at'))

    op.drop_table('unanswered_messages')
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ratings_target'))
        batch_op.drop_index(batch_op.f('ix_ratings_conversation'))
        batch_op.drop_index(batch_op.f('ix_ratings_at'))

    op.drop_table('ratings')
    with op.batch_alter_table('answer_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_log_conversation'))
        batch_op.drop_index(batch_op.f('ix_answer_log_at'))

    op.drop_table('answer_log')
