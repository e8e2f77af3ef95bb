from sigap.tests.matrix import LOGIN

EXPECTATIONS = {
    ("notifications:list", None, "get"): {"anonymous": LOGIN, "*": 200},
    ("notifications:mark_read", None, "get"): {"anonymous": LOGIN, "*": 405},
    ("notifications:mark_read", None, "post"): {"anonymous": LOGIN, "*": 302},
}
