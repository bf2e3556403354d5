from medallion.platform.migrate import migration_files


def test_migration_versions_are_unique_and_ordered() -> None:
    versions = [path.name[:3] for path in migration_files()]
    assert versions == sorted(versions)
    assert len(versions) == len(set(versions)), "two migrations share a number"
