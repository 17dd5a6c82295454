from . import test_website_page
