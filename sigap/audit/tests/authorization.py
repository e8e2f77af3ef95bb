from sigap.tests.matrix import LOGIN

EXPECTATIONS = {
    ("audit:list", None, "get"): {"anonymous": LOGIN, "kepala": 200, "admin": 200, "*": 403},
}
