"""A stored file goes with its row, however the row is deleted: by a service, by a queryset's
.delete(), or by cascade when what it belongs to is deleted (a province, a user, a nomination).

Each app registers its FileFields in its AppConfig.ready() (`delete_with_rows`); a post_delete
signal then schedules the file's deletion for after the transaction commits, so a deletion that
is rolled back keeps its file. A missing file is no error (a second delete, a file lost before).
A model whose rows may share one file (a re-used render of reports) says where to look: the file
stays while a remaining row holds it.

Connecting post_delete makes Django load the rows it deletes instead of a single DELETE: the price
of knowing their files.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models.signals import post_delete

logger = logging.getLogger(__name__)

# The rows of the model that may still hold the file of a deleted one (the file is then kept).
Sharing = Callable[[Any], "models.QuerySet[Any]"]


def delete_with_rows(
    model: type[models.Model], field: str = "file", *, shared_by: Sharing | None = None
) -> None:
    """Delete the file of `model.field` once a deletion of its row has committed."""
    storage = model._meta.get_field(field).storage  # type: ignore[union-attr]

    def schedule(sender: type, instance: models.Model, using: str, **kwargs: Any) -> None:
        name = getattr(instance, field).name
        if not name:
            return
        holders = shared_by(instance).filter(**{field: name}) if shared_by else None
        transaction.on_commit(lambda: delete_file(storage, name, holders), using=using)

    post_delete.connect(
        schedule,
        sender=model,
        weak=False,
        dispatch_uid=f"core.stored_files:{model._meta.label}.{field}",
    )


def delete_file(storage: Storage, name: str, holders: "models.QuerySet[Any] | None" = None) -> bool:
    """Delete the stored file unless a remaining row holds it; False when it stays or fails.
    Runs after commit: an error is logged, never raised into the committed request."""
    try:
        if holders is not None and holders.exists():
            return False
        storage.delete(name)  # a missing file: FileSystemStorage and S3 both return quietly
    except Exception:
        logger.warning("stored file %s could not be deleted", name, exc_info=True)
        return False
    return True


def delete_folder(storage: Storage, folder: str) -> int:
    """Delete every file under `folder` of the storage (e.g. a nomination's packages); the
    number deleted. A folder that does not exist is empty."""
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    except Exception:
        logger.warning("stored folder %s could not be listed", folder, exc_info=True)
        return 0
    deleted = sum(delete_file(storage, f"{folder}/{name}") for name in files)
    return deleted + sum(delete_folder(storage, f"{folder}/{sub}") for sub in folders)
