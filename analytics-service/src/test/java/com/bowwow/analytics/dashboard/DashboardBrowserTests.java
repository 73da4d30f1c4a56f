package com.bowwow.analytics.dashboard;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.bowwow.analytics.AnalyticsServiceTest;
import com.bowwow.analytics.EventFeedAccess;
import com.bowwow.analytics.FakeMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in a real browser (Debian's headless Chromium): log in through the form,
 * wait until every chart has drawn data (the Safety section's too) and the operations
 * panel shows what {@link FakeMetrics} and a lagging consumer group say, and keep
 * screenshots under {@code target/dashboard-screenshots/}. Without Chromium the test is
 * skipped locally and fails on CI (env {@code CI} set).
 */
@AnalyticsServiceTest
class DashboardBrowserTests {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");

	static final List<String> CHARTS = List.of("chart-signals", "chart-hours", "chart-distance", "chart-users",
			"chart-push", "chart-lateness", "chart-connections", "chart-reasons");

	/**
	 * True when the chart exists, has at least one dataset with a non-zero value, has
	 * finished animating, and its canvas has painted pixels.
	 */
	static final String CHART_DRAWN = """
			const chart = window.bowwowCharts && window.bowwowCharts[arguments[0]];
			if (!chart) { return false; }
			const hasData = chart.data.datasets.some((d) => d.data.some((v) => v > 0));
			if (!hasData || Chart.animator.running(chart)) { return false; }
			const canvas = chart.canvas;
			const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
			for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) { return true; } }
			return false;
			""";

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	JsonMapper json;

	@Autowired
	JdbcTemplate jdbc;

	@TempDir
	Path profile;

	ChromeDriver browser;

	@BeforeEach
	void startBrowser() {
		boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		if (System.getenv("CI") != null) {
			assertThat(installed).as("chromium and chromium-driver must be installed on CI").isTrue();
		}
		assumeThat(installed).as("chromium and chromium-driver (apt-get install chromium chromium-driver)").isTrue();
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1",
					"--user-data-dir=" + this.profile.toAbsolutePath());
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
		this.browser.manage().window().setSize(new Dimension(1600, 1500));
	}

	@AfterEach
	void stopBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@AfterEach
	void noMoreMetrics() {
		FakeMetrics.clear();
	}

	/**
	 * What the operations panel reads: five services' Prometheus endpoints (analytics'
	 * own stays unreachable) and a consumer group that is behind.
	 */
	private String operationsScenario() {
		FakeMetrics.set("gateway", """
				http_server_requests_seconds_count{status="200",uri="/api/v1/locations/update"} 490
				http_server_requests_seconds_count{status="503",uri="/api/v1/signals"} 10
				""");
		FakeMetrics.set("user-service", "bowwow_events_outbox_backlog 3\n");
		FakeMetrics.set("location-service", "bowwow_events_outbox_backlog 0\n");
		FakeMetrics.set("signal-service", """
				bowwow_events_outbox_backlog 2
				bowwow_signal_arrival_lateness_seconds_bucket{le="0.01"} 50
				bowwow_signal_arrival_lateness_seconds_bucket{le="0.05"} 90
				bowwow_signal_arrival_lateness_seconds_bucket{le="0.1"} 100
				bowwow_signal_arrival_lateness_seconds_bucket{le="+Inf"} 100
				""");
		FakeMetrics.set("push-service", "bowwow_events_outbox_backlog 0\nbowwow_push_dead_lettered_total 4\n");
		String group = "push-service-" + UUID.randomUUID();
		this.redis.opsForStream().createGroup("bowwow:events:signal", ReadOffset.from("0"), group);
		this.redis.opsForStream()
			.read(Consumer.from(group, "stuck"), StreamReadOptions.empty().count(2),
					StreamOffset.create("bowwow:events:signal", ReadOffset.lastConsumed()));
		return group;
	}

	@Test
	void theOperatorLogsInAndSeesEveryChartWithData() throws IOException {
		new EventFeedAccess(this.redis, this.json, this.jdbc).publishScenario();
		String stuckGroup = operationsScenario();
		this.browser.get("http://localhost:" + this.port + "/api/v1/analytics/dashboard");
		assertThat(this.browser.getCurrentUrl()).endsWith("/api/v1/analytics/dashboard/login");
		screenshot("login.png");

		this.browser.findElement(By.id("token")).sendKeys(AnalyticsServiceTest.OPERATOR_TOKEN);
		this.browser.findElement(By.id("sign-in")).click();

		JavascriptExecutor js = this.browser;
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> "true".equals(js.executeScript("return document.body.dataset.loaded || null")));
		for (String chart : CHARTS) {
			await().atMost(Duration.ofSeconds(15))
				.pollInterval(Duration.ofMillis(200))
				.alias(chart)
				.until(() -> Boolean.TRUE.equals(js.executeScript(CHART_DRAWN, chart)));
		}
		assertThat(this.browser.findElements(By.cssSelector(".empty")))
			.allSatisfy((empty) -> assertThat(empty.isDisplayed()).isFalse());
		assertThat(this.browser.findElement(By.id("tile-total-users")).getText()).isEqualTo("4");
		assertThat(this.browser.findElement(By.id("tile-connections")).getText()).isEqualTo("7");
		// Safety (SafetyScenario, 24 h): 6 reports, spam first; 2 users named, the most
		// reported with 3; 2 suspensions in force; 2 blocks.
		assertThat(this.browser.findElement(By.id("tile-reports")).getText()).isEqualTo("6");
		assertThat(this.browser.findElement(By.id("tile-suspensions")).getText()).isEqualTo("2");
		assertThat(this.browser.findElement(By.id("tile-blocks")).getText()).isEqualTo("2");
		assertThat(js.executeScript("return window.bowwowCharts['chart-reasons'].data.labels"))
			.isEqualTo(List.of("Spam", "Harassment", "Inappropriate", "Other"));
		assertThat(js.executeScript("return window.bowwowCharts['chart-reasons'].data.datasets[0].data"))
			.isEqualTo(List.of(3L, 2L, 1L, 0L));
		List<WebElement> rows = this.browser.findElements(By.cssSelector("#most-reported tbody tr"));
		assertThat(rows).hasSize(2);
		assertThat(rows.get(0).findElements(By.tagName("td"))).extracting(WebElement::getText).satisfies((cells) -> {
			assertThat(cells.get(0)).isEqualTo("1");
			assertThat(cells.get(1)).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
			assertThat(cells.get(2)).isEqualTo("3");
		});
		// Reach bands are ordered bars, nearest first.
		assertThat(js.executeScript("return window.bowwowCharts['chart-distance'].config.type")).isEqualTo("bar");
		assertThat(js.executeScript("return window.bowwowCharts['chart-distance'].data.labels"))
			.isEqualTo(List.of("0-2 mi", "3-5 mi", "6-8 mi", "9-10 mi", "10+ mi"));
		// Operations, next to today's figures: the gateway's 5xx share, wave lateness
		// from
		// signal-service's histogram, consumer lag and pending, outbox backlog, dead
		// letters
		assertThat(this.browser.findElement(By.id("tile-5xx")).getText()).isEqualTo("2.0 %");
		assertThat(this.browser.findElement(By.id("tile-5xx-note")).getText()).startsWith("10 5xx of 500 requests");
		assertThat(this.browser.findElement(By.id("tile-wave-lateness")).getText()).isEqualTo("10 ms · 75 ms");
		assertThat(this.browser.findElement(By.id("tile-outbox")).getText()).isEqualTo("5");
		assertThat(this.browser.findElement(By.id("tile-dead-letters-note")).getText())
			.endsWith("4 since push-service started");
		long signalEvents = this.redis.opsForStream().size("bowwow:events:signal");
		List<WebElement> stuck = this.browser
			.findElements(By.xpath("//table[@id='ops-groups']/tbody/tr[td[2][text()='" + stuckGroup + "']]/td"));
		assertThat(stuck).extracting(WebElement::getText)
			.containsExactly("signal", stuckGroup, String.format("%,d", signalEvents - 2), "2",
					String.format("%,d", signalEvents));
		List<WebElement> services = this.browser.findElements(By.cssSelector("#ops-services tbody tr"));
		assertThat(services).hasSize(6);
		assertThat(services.get(5).getText()).contains("analytics-service", "unreachable");
		assertThat(services.get(0).getText()).contains("gateway", "up", "500", "10 (2.0 %)");
		assertThat(this.browser.findElement(By.id("status")).getAttribute("class")).doesNotContain("error");
		Path screenshot = screenshot("dashboard.png");
		assertThat(Files.size(screenshot)).isGreaterThan(20_000);
		js.executeScript("document.getElementById('safety-title').scrollIntoView()");
		assertThat(Files.size(screenshot("safety.png"))).isGreaterThan(20_000);

		// Signing out ends the session: the data is refused, the page sends back to
		// login.
		this.browser.findElement(By.cssSelector("form[action$='/logout'] button")).click();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.browser.getCurrentUrl().endsWith("/login?signedOut"));
		@SuppressWarnings("unchecked")
		Map<String, Object> afterLogout = (Map<String, Object>) js.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				fetch('/api/v1/analytics/dashboard/data').then((r) => done({ status: r.status }));
				""");
		assertThat(afterLogout).containsEntry("status", 401L);
	}

	private Path screenshot(String name) throws IOException {
		Files.createDirectories(SCREENSHOTS);
		File taken = this.browser.getScreenshotAs(OutputType.FILE);
		Path target = SCREENSHOTS.resolve(name);
		Files.copy(taken.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
		return target;
	}

}
