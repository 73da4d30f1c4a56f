package com.bowwow.e2e;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * An operator signs into the dashboard at the address the README gives, through the
 * gateway, in a real browser: the login page sends {@code Referrer-Policy: no-referrer},
 * so Chromium posts the form with {@code Origin: null}, which the gateway must treat as
 * the same-origin form post it is. Without Chromium the test is skipped locally and fails
 * on CI (env {@code CI} set).
 */
@ExtendWith(StackExtension.class)
class DashboardThroughGatewayIT {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	@TempDir
	Path profile;

	private ChromeDriver browser;

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
					"--disable-dev-shm-usage", "--user-data-dir=" + this.profile.toAbsolutePath());
		this.browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build(), options);
		this.browser.manage().window().setSize(new Dimension(1400, 1200));
	}

	@AfterEach
	void stopBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void theOperatorSignsInThroughTheGatewayAndSeesTheFigures() throws Exception {
		// Someone to count.
		new GatewayClient(StackExtension.stack().gateway()).register("mile");
		String gateway = "http://localhost:" + StackExtension.stack().gateway().getPort();
		this.browser.get(gateway + "/api/v1/analytics/dashboard");
		assertThat(this.browser.getCurrentUrl()).isEqualTo(gateway + "/api/v1/analytics/dashboard/login");

		this.browser.findElement(By.id("token")).sendKeys("not the operator token");
		this.browser.findElement(By.id("sign-in")).click();
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(20));
		wait.until((page) -> page.getCurrentUrl().contains("/login"));
		assertThat(this.browser.findElement(By.cssSelector("[role=alert]")).getText())
			.as("a wrong token is told so on the page, not an error page")
			.isEqualTo("That is not the operator token.");
		assertThat(this.browser.findElements(By.id("tile-total-users"))).isEmpty();

		this.browser.findElement(By.id("token")).clear();
		this.browser.findElement(By.id("token")).sendKeys(StackExtension.OPERATOR_TOKEN);
		this.browser.findElement(By.id("sign-in")).click();
		wait.until((page) -> page.getCurrentUrl().equals(gateway + "/api/v1/analytics/dashboard"));
		wait.until((page) -> page.findElement(By.id("tile-total-users")).getText().matches("\\d[\\d,]*"));
		assertThat(Integer.parseInt(this.browser.findElement(By.id("tile-total-users")).getText().replace(",", "")))
			.isPositive();
		wait.until((page) -> !page.findElement(By.id("tile-lag")).getText().equals("–"));
		File shot = this.browser.getScreenshotAs(OutputType.FILE);
		Path screenshots = Files.createDirectories(Path.of("target", "dashboard-screenshots"));
		Files.copy(shot.toPath(), screenshots.resolve("through-gateway.png"), StandardCopyOption.REPLACE_EXISTING);
	}

}
