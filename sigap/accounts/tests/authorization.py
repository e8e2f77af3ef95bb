from sigap.tests.matrix import LOGIN

EXPECTATIONS = {
    ("accounts:login", None, "get"): {"*": 200},
    ("accounts:verify", None, "get"): {"anonymous": LOGIN, "*": 302},
    ("accounts:enrol", None, "get"): {"anonymous": LOGIN, "*": 302},  # all demo staff are enrolled
    ("accounts:logout", None, "get"): {"*": 405},
    ("accounts:home", None, "get"): {"anonymous": LOGIN, "*": 200},
    ("api:openapi", None, "get"): {"*": 200},
    ("api:me", None, "get"): {"anonymous": 401, "*": 200},
    ("api:me", None, "post"): {"*": 405},
}
