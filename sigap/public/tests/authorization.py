EXPECTATIONS = {
    ("public:home", None, "get"): {"*": 200},
    ("set_language", None, "get"): {"*": 302},
}
