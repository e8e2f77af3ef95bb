"""Form fields shared by the apps' forms."""

from django import forms


class _SharedChoices:
    """Choices from a code list, the same for every form: each new form gets the list
    itself, not a copy.

    Django deep-copies every declared field into each form, and a choice field's copy
    walks its choices, label by label. On the public report form (seven code lists)
    that was a sixth of the CPU of a submit (issue 8). Giving one form's field other
    choices (`form.fields[name].choices = …`) still replaces them for that form only;
    nothing may change the shared list in place."""

    def __deepcopy__(self, memo):
        result = forms.Field.__deepcopy__(self, memo)
        result._choices = self._choices
        return result


class CodeChoiceField(_SharedChoices, forms.ChoiceField):
    pass


class CodeMultipleChoiceField(_SharedChoices, forms.MultipleChoiceField):
    pass
