import base64
import io

import lxml.html

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import file_open
from odoo.tools.pdf import PdfFileReader

from .common import TestProvideCommon

BOOKLET = "provide_coop.provide_case_study_booklet_report"


def _booklet_part(html, part):
    """The elements of the booklet's `part` (cover, contents, study)."""
    return lxml.html.fromstring(html).xpath(
        f"//div[contains(concat(' ', @class, ' '), ' o_provide_booklet_{part} ')]"
    )


def _text(element):
    return " ".join(element.text_content().split())


def booklet_contents(html):
    """[(sector, [study name, ...]), ...] of the booklet's contents page."""
    (contents,) = _booklet_part(html, "contents")
    return [
        (_text(heading), [_text(name) for name in heading.getnext().xpath(".//strong")])
        for heading in contents.xpath(".//h3")
    ]


def booklet_pages(html):
    """The ids of the studies with a page of their own, in page order."""
    return [int(page.get("data-study-id")) for page in _booklet_part(html, "study")]


@tagged("post_install", "-at_install")
class TestProvideCaseStudyBooklet(TestProvideCommon):
    """The printed booklet: a cover, the contents by sector in the sectors'
    order, then one page per published study."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Study = cls.env["provide.case.study"]
        ref = cls.env.ref
        cls.sector_housing = ref("provide_coop.provide_sector_housing")
        cls.sector_waste = ref("provide_coop.provide_sector_waste")
        # Created out of order: the booklet puts them in order.
        cls.studies = Study.create(
            [
                {
                    "name": "Greenwich Leisure (test)",
                    "sector_id": cls.sector_leisure.id,
                },
                {"name": "Zeta Carers (test)", "sector_id": cls.sector_social_care.id},
                {"name": "SELDOC (test)", "sector_id": cls.sector_health.id},
                {
                    "name": "Alpha Homecare (test)",
                    "sector_id": cls.sector_social_care.id,
                },
                {"name": "Larch Court (test)", "sector_id": cls.sector_housing.id},
                {
                    "name": "Tower Hamlets Recycling (test)",
                    "sector_id": cls.sector_waste.id,
                },
            ]
        )
        cls.studies.is_published = True
        cls.internal = Study.create(
            {"name": "Unchecked Co-op (test)", "sector_id": cls.sector_health.id}
        )
        cls.by_name = {study.name: study for study in cls.studies | cls.internal}

    def _html(self, studies):
        return self.render_html(BOOKLET, studies, user=self.user_adviser)

    def test_contents_grouped_by_sector_in_the_sectors_order(self):
        html = self._html(self.studies)
        self.assertEqual(
            booklet_contents(html),
            [
                ("Housing", ["Larch Court (test)"]),
                ("Social care", ["Alpha Homecare (test)", "Zeta Carers (test)"]),
                ("Health", ["SELDOC (test)"]),
                (
                    "Waste management & recycling",
                    ["Tower Hamlets Recycling (test)"],
                ),
                ("Leisure", ["Greenwich Leisure (test)"]),
            ],
        )

    def test_sectors_reordered_reorder_the_booklet(self):
        self.sector_leisure.sequence = 1
        contents = booklet_contents(self._html(self.studies))
        self.assertEqual(contents[0], ("Leisure", ["Greenwich Leisure (test)"]))

    def test_every_selected_study_has_one_page_in_the_contents_order(self):
        html = self._html(self.studies)
        in_contents = [
            name for _sector, names in booklet_contents(html) for name in names
        ]
        pages = [self.by_name[name].id for name in in_contents]
        self.assertEqual(booklet_pages(html), pages)
        self.assertCountEqual(pages, self.studies.ids, "each study exactly once")

    def test_only_the_selection_is_printed(self):
        chosen = self.by_name["SELDOC (test)"] | self.by_name["Larch Court (test)"]
        html = self._html(chosen)
        self.assertEqual(
            booklet_contents(html),
            [("Housing", ["Larch Court (test)"]), ("Health", ["SELDOC (test)"])],
        )
        self.assertNotIn("Greenwich Leisure (test)", html)

    def test_internal_study_is_left_out_of_the_booklet(self):
        html = self._html(self.studies | self.internal)
        self.assertNotIn("Unchecked Co-op (test)", html)
        self.assertCountEqual(booklet_pages(html), self.studies.ids)

    def test_study_page_shows_the_facts_and_only_the_figures_known(self):
        study = self.by_name["Larch Court (test)"]
        study.write(
            {
                "city": "London",
                "model_type": "community_benefit",
                "summary": "Tenants manage their estate (test).",
                "description": "<p>How it started (test).</p>",
                "member_count": 1200,
                "workforce_size": 9,
                "year_founded": "2004",
                "outcome": "Repairs on time rose (test).",
                "partner_id": self.env["res.partner"]
                .create({"name": "Larch Court TMC (test)"})
                .id,
                "image_1920": base64.b64encode(
                    file_open(
                        "provide_coop/static/img/sectors/housing.png", "rb"
                    ).read()
                ),
            }
        )
        (page_element,) = _booklet_part(self._html(study), "study")
        page = lxml.html.tostring(page_element, encoding="unicode")
        for shown in (
            "Larch Court TMC (test)",
            "London",
            "Housing",
            "Community benefit society",
            "Tenants manage their estate (test).",
            "How it started (test).",
            "1,200",
            "people deliver the service",
            "2004",
            "Repairs on time rose (test).",
        ):
            self.assertIn(shown, page)
        # No figure given, none printed (not a zero).
        self.assertNotIn("people served a year", page)
        self.assertIn('src="data:image/', page)

    def test_study_page_prints_nothing_meant_for_the_staff(self):
        study = self.by_name["SELDOC (test)"]
        study.write(
            {
                "model_type": "other",
                "summary": "A GP co-op (test).",
                "description": "<p><br></p>",
                "note": "<p>Check the figures with the co-op (staff note).</p>",
            }
        )
        (page_element,) = _booklet_part(self._html(study), "study")
        page = lxml.html.tostring(page_element, encoding="unicode")
        self.assertIn("A GP co-op (test).", page)
        self.assertNotIn("staff note", page)
        # An empty story and an unknown model leave no heading or row behind.
        self.assertNotIn("Its story", page)
        self.assertNotIn("Model", page)
        self.assertNotIn("Other", page)

    def test_cover_has_the_company_name_and_logo(self):
        self.env.company.write(
            {
                "name": "Provide Agency (test)",
                "logo": base64.b64encode(
                    file_open("provide_coop/static/img/sectors/other.png", "rb").read()
                ),
            }
        )
        (cover,) = _booklet_part(self._html(self.studies), "cover")
        self.assertIn("Provide Agency (test)", _text(cover))
        self.assertTrue(cover.xpath(".//img[starts-with(@src, 'data:image/')]"))
        self.assertIn("6 case studies in 5 sectors", _text(cover))

    def test_cover_counts_one_study_in_the_singular(self):
        (cover,) = _booklet_part(self._html(self.studies[0]), "cover")
        self.assertIn("1 case study in 1 sector", _text(cover))

    def test_a_single_study_has_no_contents_page(self):
        """One study needs no contents: the cover, then the study's page."""
        study = self.by_name["SELDOC (test)"]
        html = self._html(study)
        self.assertFalse(_booklet_part(html, "contents"))
        self.assertNotIn("Contents", html)
        self.assertEqual(booklet_pages(html), study.ids)
        # Two studies still get their contents page.
        self.assertTrue(_booklet_part(self._html(self.studies[:2]), "contents"))

    def test_cover_leaves_out_odoo_placeholder_logo(self):
        self.assertTrue(self.env.company.uses_default_logo)
        (cover,) = _booklet_part(self._html(self.studies), "cover")
        self.assertFalse(cover.xpath(".//img"))

    def test_pdf_has_a_cover_a_contents_page_and_a_page_per_study_numbered(self):
        pdf = PdfFileReader(io.BytesIO(self.assertRendersPdf(BOOKLET, self.studies)))
        total = len(self.studies) + 2
        self.assertEqual(len(pdf.pages), total)
        self.assertNotIn("Page 1 of", pdf.pages[0].extract_text())
        for index in range(1, total):
            self.assertIn(
                f"Page {index + 1} of {total}", pdf.pages[index].extract_text()
            )
        # The studies, in the booklet's order, are the document's subject.
        self.assertEqual(
            pdf.metadata["/Subject"],
            "; ".join(
                name
                for _sector, names in booklet_contents(self._html(self.studies))
                for name in names
            ),
        )

    def test_study_longer_than_a_page_runs_on(self):
        study = self.by_name["SELDOC (test)"]
        study.description = "".join(
            f"<p>Paragraph {i} of a long story (test).</p>" for i in range(120)
        )
        pdf = PdfFileReader(io.BytesIO(self.assertRendersPdf(BOOKLET, study)))
        # The cover, then the study (no contents page for one study) over
        # more than one page.
        self.assertGreater(len(pdf.pages), 2)
        second = " ".join(pdf.pages[1].extract_text().split())
        self.assertIn("Paragraph 0 of a long story", second)
        self.assertNotIn("Contents", second)

    def test_print_booklet_prints_every_published_study(self):
        action = (
            self.env["provide.case.study"]
            .with_user(self.user_adviser)
            .action_provide_print_booklet()
        )
        self.assertEqual(
            action["report_name"], "provide_coop.provide_case_study_booklet"
        )
        published = self.env["provide.case.study"].search([("is_published", "=", True)])
        self.assertEqual(set(action["context"]["active_ids"]), set(published.ids))
        self.assertNotIn(self.internal.id, action["context"]["active_ids"])

    def test_print_booklet_without_a_published_study_says_so(self):
        self.env["provide.case.study"].search([]).is_published = False
        with self.assertRaisesRegex(UserError, "Publish a case study first"):
            self.env["provide.case.study"].action_provide_print_booklet()

    def test_new_study_is_internal_until_published(self):
        study = (
            self.env["provide.case.study"]
            .with_user(self.user_adviser)
            .create({"name": "New Co-op (test)", "sector_id": self.sector_health.id})
        )
        self.assertFalse(study.is_published)
