"""The web app's journeys in a real, headless Chromium (Selenium). Each test saves a screenshot
of every step it passes under OUT; a failing test also saves the page source there."""
import json
import os
import sys
import time
import unittest

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE, OUT = sys.argv[1], sys.argv[2]
PASSWORD = "correct horse battery staple"


class Browser(unittest.TestCase):
    def setUp(self):
        options = webdriver.ChromeOptions()
        for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"):
            options.add_argument(flag)
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.driver.implicitly_wait(0)
        self.steps = 0

    def _callTestMethod(self, method):
        try:
            method()
        except BaseException:
            name = self.id().split(".")[-1]
            self.driver.save_screenshot(os.path.join(OUT, f"{name}-FAILED.png"))
            with open(os.path.join(OUT, f"{name}-FAILED.html"), "w") as page:
                page.write(self.driver.page_source)
            raise

    def tearDown(self):
        self.driver.quit()

    # Helpers
    def open(self, path):
        self.driver.get(BASE + path)

    def shot(self, label):
        self.steps += 1
        self.driver.save_screenshot(os.path.join(OUT, f"{self.id().split('.')[-1]}-{self.steps:02d}-{label}.png"))

    def wait(self, condition, timeout=60):
        """Waits until condition holds. A condition may read an element of the page a form post is
        leaving; Chromium then answers either a stale element or, while the new document commits,
        "Node with given id does not belong to the document": both mean "not yet"."""
        def settled(driver):
            try:
                return condition(driver)
            except WebDriverException as error:
                if "does not belong to the document" in str(error):
                    return False
                raise
        return WebDriverWait(self.driver, timeout, ignored_exceptions=[StaleElementReferenceException]).until(settled)

    def css(self, selector):
        return self.driver.find_element(By.CSS_SELECTOR, selector)

    def all(self, selector):
        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def fill(self, selector, text):
        field = self.css(selector)
        field.clear()
        field.send_keys(text)

    def submit(self, form_action):
        self.css(f"form[action='{form_action}'] button[type=submit]").click()

    def sign_in(self, email, password):
        self.open("/sign-in")
        self.fill("#email", email)
        self.fill("#password", password)
        self.submit("/sign-in")
        self.wait(EC.url_contains("/dashboard"))


class MemberJourney(Browser):
    def test_member_from_sign_up_to_sign_out(self):
        email = f"e2e-{int(time.time() * 1000)}@example.com"
        # Sign up.
        self.open("/")
        self.shot("landing")
        self.open("/sign-up")
        self.fill("#name", "Erin Example")
        self.fill("#email", email)
        self.fill("#password", "short")
        self.submit("/sign-up")
        rejected = self.wait(EC.presence_of_element_located((By.CSS_SELECTOR, ".field.invalid")))
        self.assertIn("password", rejected.text.lower(), "a rejected field says why, beside itself")
        self.assertEqual(self.css("#email").get_attribute("value"), email, "what was typed is kept")
        self.fill("#password", PASSWORD)
        self.submit("/sign-up")
        self.wait(EC.url_contains("/onboarding"))
        self.assertIn("Your account is ready", self.css(".notice").text)
        self.shot("signed-up")

        # Import a JSON Resume: the file fills the form, a preview shows what it adds, then it lands.
        self.css("#resume-file").send_keys(os.path.join(os.path.dirname(os.path.abspath(__file__)), "resume.json"))
        self.wait(lambda d: "Acme Logistics" in d.find_element(By.ID, "resume").get_attribute("value"), 10)
        self.submit("/onboarding/json-resume")
        self.wait(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "h1"), "Check what will be imported"))
        preview = self.css("main").text
        self.assertIn("Software developer, Acme Logistics", preview)
        self.assertIn("SQL", preview)
        self.shot("import-preview")
        self.css("main form button[type=submit]").click()
        self.wait(EC.url_contains("/profile?imported="))
        self.assertIn("Imported", self.css(".notice").text)
        self.assertIn("SQL", self.css("table").text)
        self.shot("imported")

        # The imported words propose skills (Kubernetes in the position); ticking one adds it.
        # A new server encodes the catalog first (a minute or so): the page says so until then.
        def proposals_ready(driver):
            self.open("/profile/proposals")
            if "still being encoded" in driver.find_element(By.TAG_NAME, "main").text:
                time.sleep(5)
                return False
            return True
        self.wait(proposals_ready, 180)
        self.assertIn("“Kubernetes” in your position Software developer at Acme Logistics", self.css("main").text)
        self.shot("proposals")
        self.css("input[value='urn:careerops:technology:kubernetes']").click()
        self.submit("/profile/proposals")
        self.wait(EC.url_contains("/profile?confirmed=1"))
        self.assertIn("Kubernetes", self.css("table").text)
        self.assertIn("From your position Software developer at Acme Logistics", self.css("table").text)
        self.shot("proposal-added")

        # A skill through the catalog's autocomplete.
        self.css("#skill-name").send_keys("python")
        self.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#skill-suggestions option")) > 0, 30)
        choice = self.all("#skill-suggestions option")[0].get_attribute("value")
        self.fill("#skill-name", choice)
        self.wait(lambda d: d.find_element(By.CSS_SELECTOR, "input[name=uri]").get_attribute("value").startswith("http"), 10)
        Select(self.css("#skill-level")).select_by_value("3")
        self.shot("autocomplete")
        self.submit("/profile/skills")
        self.wait(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "table"), choice))
        self.shot("skill-added")

        # A goal towards a role, then a plan.
        self.open("/goals")
        self.fill("#goal-title", "Become a software developer")
        self.fill("#goal-role", "software developer")
        self.submit("/goals")
        self.wait(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "main"), "Become a software developer"))
        self.shot("goal")
        self.open("/plan")
        self.submit("/plan/generate")
        self.wait(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".notice"), "added"), 120)
        self.assertGreater(len(self.all("main section.card")), 0, "the plan has phases")
        first_open = self.all("form[action$='/done'] button")[0]
        first_open.click()
        self.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".pill.done")) > 0)
        self.shot("plan")

        # A match and its explanation.
        self.open("/opportunities")
        self.css("main ul.plain li a").click()
        self.wait(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "main"), "Why it fits"))
        rows = self.all("main table tbody tr")
        self.assertGreaterEqual(len(rows), 3, "the score shows its parts")
        self.assertTrue(all(len(row.find_elements(By.TAG_NAME, "td")[2].text) > 10 for row in rows), "each part says why")
        self.shot("match")

        # Learning: complete a recommended resource.
        self.open("/learning")
        title = self.css("main ul.plain li strong").text
        self.css("form[action$='/complete'] button").click()
        self.wait(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "main"), "Your rating"))
        self.assertIn(title, self.driver.find_elements(By.TAG_NAME, "h2")[1].find_element(By.XPATH, "following-sibling::ul").text)
        self.shot("learning")

        # Export my data, as the settings page's link fetches it.
        self.open("/settings")
        href = self.css("a[href='/api/v1/users/me/export']").get_attribute("href")
        exported = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text().then(t => done([r.status, t])));", href)
        self.assertEqual(exported[0], 200)
        body = json.loads(exported[1])
        self.assertIn(choice, json.dumps(body), "the export holds the skill just added")
        self.shot("settings")

        # Sign out: the session is gone.
        self.css("form[action='/sign-out'] button").click()
        self.wait(EC.url_contains("/sign-in"))
        self.open("/dashboard")
        self.wait(EC.url_contains("/sign-in?next="))
        self.shot("signed-out")


class QualityJourney(Browser):
    def test_keyboard_alone_signs_in_and_a_phone_sized_screen_never_scrolls_sideways(self):
        from selenium.webdriver.common.keys import Keys
        self.open("/sign-in")
        body = self.css("body")
        body.send_keys(Keys.TAB)
        active = self.driver.switch_to.active_element
        self.assertEqual(active.get_attribute("class"), "skip", "the first stop is the skip link")
        self.assertNotEqual(active.value_of_css_property("outline-style"), "none", "focus is visible")
        # Tab on to the e-mail field, type, tab to the password, type, Enter.
        for _ in range(10):
            active.send_keys(Keys.TAB)
            active = self.driver.switch_to.active_element
            if active.get_attribute("id") == "email":
                break
        self.assertEqual(active.get_attribute("id"), "email")
        active.send_keys("demo@careerops.local", Keys.TAB)
        self.driver.switch_to.active_element.send_keys("demo-careerops", Keys.ENTER)
        self.wait(EC.url_contains("/dashboard"))
        self.driver.set_window_size(375, 812)
        for path in ["/dashboard", "/profile", "/plan", "/opportunities", "/learning", "/settings"]:
            self.open(path)
            overflow = self.driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            self.assertLessEqual(overflow, 0, f"{path} fits a phone's width")
        self.open("/dashboard")
        self.shot("phone-dashboard")


class CoachJourney(Browser):
    def test_coach_endorses_a_members_skill(self):
        self.sign_in("coach@careerops.local", "coach-careerops")
        self.css("a[href='/team']").click()
        self.wait(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "h1"), "Your team"))
        self.shot("team")
        links = self.all("main table a")
        self.assertGreater(len(links), 1, "the members who share with the coach")
        links[0].click()
        self.wait(EC.presence_of_element_located((By.CSS_SELECTOR, "form[action$='/endorse']")))
        row = self.all("main table tbody tr")[0]
        skill = row.find_elements(By.TAG_NAME, "td")[0].text
        Select(row.find_element(By.TAG_NAME, "select")).select_by_value("4")
        row.find_element(By.TAG_NAME, "button").click()
        self.wait(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "main table tbody tr"), "you endorsed level 4"))
        self.assertEqual(self.all("main table tbody tr")[0].find_elements(By.TAG_NAME, "td")[0].text, skill)
        self.shot("endorsed")


class AdminJourney(Browser):
    def test_a_peer_endorses_a_colleagues_skill(self):
        self.sign_in("demo@careerops.local", "demo-careerops")
        self.css("a[href='/people']").click()
        self.wait(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "h1"), "People"))
        self.css("main ul.plain li a").click()
        self.wait(EC.presence_of_element_located((By.CSS_SELECTOR, "form[action$='/endorse']")))
        row = self.all("main table tbody tr")[0]
        Select(row.find_element(By.TAG_NAME, "select")).select_by_value("2")
        row.find_element(By.TAG_NAME, "button").click()
        self.wait(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "main table tbody tr"), "you endorsed level 2"))
        self.shot("peer-endorsed")

    def test_admin_reads_the_analytics_dashboard(self):
        self.sign_in("admin@careerops.local", "admin-careerops")
        self.css("a[href='/admin/analytics']").click()
        self.wait(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "h1"), "Analytics"))
        self.assertEqual(len(self.all("main svg[role=img]")), 3, "active members, funnel and skill demand charts")
        self.assertGreater(len(self.all("table.heat tbody tr")), 3, "retention cohorts as a heat map")
        self.assertTrue(any(cell.text.endswith("%") for cell in self.all("table.heat td")))
        self.shot("analytics")

    def test_a_member_is_kept_out_of_analytics(self):
        self.sign_in("demo@careerops.local", "demo-careerops")
        self.shot("dashboard")
        self.assertIsNotNone(self.css("main svg[role=img]"), "the dashboard draws the member's progress")
        self.assertEqual(len(self.all("a[href='/admin/analytics']")), 0)
        self.open("/admin/analytics")
        self.assertIn("Not allowed", self.css("h1").text)


if __name__ == "__main__":
    result = unittest.main(argv=[sys.argv[0], "-v"], exit=False).result
    shots = sorted(name for name in os.listdir(OUT) if name.endswith(".png"))
    print(f"e2e: {len(shots)} screenshots in {OUT}")
    sys.exit(0 if result.wasSuccessful() else 1)
