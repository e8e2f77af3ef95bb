"""Shared vocabulary of the authorization matrix (see test_authorization_matrix.py).

Each app declares its rows in `sigap/<app>/tests/authorization.py`:

    def objects(test) -> dict[str, list]:
        # the objects its URLs are called with, built once from the named people
        # (`test` is the test class: test.manajer, test.lppar, test.make_person …);
        # each maps to the URL's arguments.
        return {"case_lppar": [case.pk]}

    EXPECTATIONS = {
        (url name, object name or None, method): {user: expected, ..., "*": default},
    }

An object named "<anything>_missing" needs no builder: it is called with an id that
does not exist. Expected answers: a status code, or LOGIN (redirect to the login page).
"""

LOGIN = "login"
MISSING_ID = 987_654
STAFF = [
    "admin",
    "kepala",
    "petugas",
    "manajer",
    "manajer2",
    "konselor",
    "konselor2",
    "fasilitator",
    "kader",
    "analis",
    "outsider",
]
USERS = ["anonymous", *STAFF]
