from pathlib import Path

import pytest

from flows.settings import Settings, SettingsError


def test_defaults():
    s = Settings.resolve(env={})
    assert s.data_dir == Path("data").resolve() and s.batch_size == 2000


def test_argument_beats_environment_beats_default(tmp_path):
    env = {"POSTS_ETL_DATA_DIR": str(tmp_path / "env"), "POSTS_ETL_BATCH_SIZE": "500"}
    assert Settings.resolve(env=env).data_dir == tmp_path / "env"
    assert Settings.resolve(env=env).batch_size == 500
    assert Settings.resolve(env=env, data_dir=str(tmp_path / "arg")).data_dir == tmp_path / "arg"


@pytest.mark.parametrize(
    "env, given, message",
    [
        ({"POSTS_ETL_BATCHSIZE": "5"}, {}, "unknown setting POSTS_ETL_BATCHSIZE"),
        ({"POSTS_ETL_BATCH_SIZE": "lots"}, {}, "must be a whole number"),
        ({}, {"batch_size": 0}, "batch_size must be at least 1"),
        ({}, {"workers": -1}, "workers must be 0"),
    ],
)
def test_bad_settings_are_errors(env, given, message):
    with pytest.raises(SettingsError, match=message):
        Settings.resolve(env=env, **given)


def test_data_dir_that_is_a_file_is_an_error(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(SettingsError, match="not a folder"):
        Settings.resolve(env={}, data_dir=str(f))
