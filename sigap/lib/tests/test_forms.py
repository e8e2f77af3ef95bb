"""Choice fields that share their code list between forms (sigap.lib.forms)."""

from django import forms
from django.test import SimpleTestCase, TestCase

from sigap.intake.forms import ReportForm
from sigap.lib.forms import CodeChoiceField, CodeMultipleChoiceField


class ColourForm(forms.Form):
    colour = CodeChoiceField(choices=[("red", "Red"), ("blue", "Blue")])
    colours = CodeMultipleChoiceField(choices=[("red", "Red"), ("blue", "Blue")], required=False)


class SharedChoicesTests(SimpleTestCase):
    def test_two_forms_read_the_same_code_list_instead_of_copies(self):
        first, second = ColourForm(), ColourForm()
        self.assertIsNot(first.fields["colour"], second.fields["colour"])
        self.assertIs(first.fields["colour"].choices, second.fields["colour"].choices)
        self.assertIs(first.fields["colours"].choices, second.fields["colours"].choices)

    def test_giving_one_forms_field_other_choices_leaves_the_other_forms_alone(self):
        first, second = ColourForm(), ColourForm()
        first.fields["colour"].choices = [("green", "Green")]
        self.assertEqual(second.fields["colour"].choices, [("red", "Red"), ("blue", "Blue")])
        self.assertEqual(ColourForm().fields["colour"].choices, [("red", "Red"), ("blue", "Blue")])
        self.assertFalse(ColourForm({"colour": "green"}).is_valid())
        first.data, first.is_bound = {"colour": "green"}, True
        self.assertTrue(first.is_valid())

    def test_each_form_still_has_its_own_widget_and_error_messages(self):
        first, second = ColourForm(), ColourForm()
        first.fields["colour"].widget.attrs["class"] = "wide"
        first.fields["colour"].error_messages["required"] = "Choose one"
        self.assertNotIn("class", second.fields["colour"].widget.attrs)
        self.assertNotEqual(second.fields["colour"].error_messages["required"], "Choose one")


class ReportFormChoicesTests(TestCase):
    def test_the_public_report_forms_code_lists_are_shared(self):
        first, second = ReportForm(), ReportForm()
        for name in ("reporter_relation", "categories", "subject_age_band", "subject_sex", "contact_method"):
            self.assertIs(first.fields[name].choices, second.fields[name].choices, name)
        # The kelurahan list is given per form.
        self.assertIsNot(first.fields["place"].choices, second.fields["place"].choices)
