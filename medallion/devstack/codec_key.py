"""The dev stack's payload key: made on first start under the data dir, then kept, so histories
written by earlier runs of `make run` stay readable."""

import os
from pathlib import Path

from medallion.platform.codec import new_codec_key, parse_codec_keys

KEY_FILE_NAME = "codec-keys"


def local_codec_keys(data_dir: Path) -> str:
    """The MEDALLION_CODEC_KEYS value kept in `data_dir`, created (owner-only) when missing."""
    path = data_dir / KEY_FILE_NAME
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        setting = new_codec_key("local-" + os.urandom(3).hex()).to_setting()
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(setting + "\n")
    setting = path.read_text().strip()
    parse_codec_keys(setting)  # a damaged file stops the stack with the reason
    return setting
