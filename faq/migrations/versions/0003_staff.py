"""staff: invites, members, code attempts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 10:23:56.583938
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('staff_code_attempts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('user_key', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('ok', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('staff_code_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_code_attempts_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_staff_code_attempts_user_key'), ['user_key'], unique=False)

    op.create_table('staff_invites',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('ags', sa.String(length=8), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['ags'], ['municipalities.ags'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code_hash')
    )
    with op.batch_alter_table('staff_invites', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_invites_ags'), ['ags'], unique=False)

    op.create_table('staff_members',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('user_key', sa.String(length=64), nullable=False),
    sa.Column('ags', sa.String(length=8), nullable=False),
    sa.Column('invite_id', sa.Integer(), nullable=True),
    sa.Column('bound_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('alerts', sa.Boolean(), nullable=False),
    sa.Column('reply_channel', sa.String(length=20), nullable=True),
    sa.Column('reply_address', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['ags'], ['municipalities.ags'], ),
    sa.ForeignKeyConstraint(['invite_id'], ['staff_invites.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('staff_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_members_ags'), ['ags'], unique=False)
        batch_op.create_index(batch_op.f('ix_staff_members_user_key'), ['user_key'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('staff_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_members_user_key'))
        batch_op.drop_index(batch_op.f('ix_staff_members_ags'))

    op.drop_table('staff_members')
    with op.batch_alter_table('staff_invites', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_invites_ags'))

    op.drop_table('staff_invites')
    with op.batch_alter_table('staff_code_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_code_attempts_user_key'))
        batch_op.drop_index(batch_op.f('ix_staff_code_attempts_at'))

    op.drop_table('staff_code_attempts')
