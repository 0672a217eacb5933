"""Runs ralph's LRS on 127.0.0.1 with its file-system backend: ``python ralph_server.py PORT``.

ralph-malph 5.1.0's file-system LRS backend writes every request's statements to one file
(fs_lrs.jsonl) with the data backend's default operation, "create", so every write after the first
fails ("already exists") and the LRS answers 500. Here each write appends to that file instead, so
the backend keeps a whole session's statements. Settings come from the environment (lms_fixtures.Lrs).
"""

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
