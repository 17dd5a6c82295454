{
    "name": "Co-op Enquiries: Website",
    "version": "18.0.1.0.0",
    "summary": "The public co-op enquiry page in the website's menu",
    "category": "Services/Co-operatives",
    "author": "provide_coop",
    "license": "LGPL-3",
    "depends": ["provide_coop", "website"],
    "data": ["data/website_menu_data.xml"],
    "auto_install": True,
    "installable": True,
}
