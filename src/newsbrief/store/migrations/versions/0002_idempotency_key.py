"""Stories remember the Idempotency-Key of the request that created them (issue 9).

A client whose connection dropped can send the same creation again with the
same key and gets the story it already made, not a second copy.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.add_column(sa.Column("idempotency_key", sa.String(200), nullable=True))
    op.create_index("ux_stories_idempotency_key", "stories", ["idempotency_key"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_stories_idempotency_key", table_name="stories")
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("idempotency_key")
