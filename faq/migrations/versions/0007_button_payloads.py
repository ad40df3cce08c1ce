"""button payloads: long callback data shared by every bot replica

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 11:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('button_payloads',
    sa.Column('key', sa.String(length=32), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    with op.batch_alter_table('button_payloads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_button_payloads_created_at'), ['created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('button_payloads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_button_payloads_created_at'))
    op.drop_table('button_payloads')
