"""A minimal Django project around django-helpdesk, the benchmark's peer (our glue only)."""
