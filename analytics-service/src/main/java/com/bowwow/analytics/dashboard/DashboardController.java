package com.bowwow.analytics.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.bowwow.analytics.figures.TimeRange;
import com.bowwow.common.problem.ApiException;
import com.bowwow.common.problem.CommonProblem;
import com.bowwow.common.security.DeploymentEnvironment;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dashboard's pages, login and data. Logging in and out are the only state-changing
 * calls: they must come from a page of this origin (Fetch Metadata and Origin checked),
 * and the session cookie is {@code SameSite=Strict}, so no other site can use it. A user
 * interface, not API: left out of the API description.
 */
@Hidden
@RestController
@RequestMapping(DashboardConfiguration.BASE)
class DashboardController {

	private static final String LOGIN = DashboardConfiguration.BASE + "/login";

	/** Sent to the whole analytics API path, where only the dashboard reads it. */
	private static final String COOKIE_PATH = "/api/v1/analytics";

	private static final String MESSAGE_SLOT = "<!--message-->";

	private final DashboardSessions sessions;

	private final DashboardData data;

	private final String dashboardPage;

	private final String loginPage;

	private final boolean production;

	DashboardController(DashboardSessions sessions, DashboardData data, Environment environment) {
		this.sessions = sessions;
		this.data = data;
		this.production = DeploymentEnvironment.of(environment).isProduction();
		this.dashboardPage = page("dashboard/dashboard.html");
		this.loginPage = page("dashboard/login.html");
	}

	@GetMapping({ "", "/" })
	ResponseEntity<String> dashboard(HttpServletRequest request) {
		if (!DashboardAuthenticationFilter.isOperator(request, this.sessions)) {
			return seeOther(LOGIN);
		}
		return html(HttpStatus.OK, this.dashboardPage);
	}

	@GetMapping("/login")
	ResponseEntity<String> loginForm(@RequestParam(required = false) String signedOut,
			@RequestParam(required = false) String expired) {
		if (!this.sessions.isConfigured()) {
			return loginPage(HttpStatus.OK, "Login is disabled: this service has no OPERATOR_TOKEN.");
		}
		if (signedOut != null) {
			return loginPage(HttpStatus.OK, "You are signed out.");
		}
		if (expired != null) {
			return loginPage(HttpStatus.OK, "Your session has ended. Please sign in again.");
		}
		return loginPage(HttpStatus.OK, null);
	}

	@PostMapping(path = "/login", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	ResponseEntity<String> login(@RequestParam(required = false) String token, HttpServletRequest request) {
		requireSameOrigin(request);
		if (!this.sessions.isOperatorToken(token)) {
			return loginPage(HttpStatus.UNAUTHORIZED, "That is not the operator token.");
		}
		ResponseCookie cookie = cookie(request, this.sessions.issue(), this.sessions.lifetime().toSeconds());
		return ResponseEntity.status(HttpStatus.SEE_OTHER)
			.location(URI.create(DashboardConfiguration.BASE))
			.header(HttpHeaders.SET_COOKIE, cookie.toString())
			.build();
	}

	@PostMapping("/logout")
	ResponseEntity<String> logout(HttpServletRequest request) {
		requireSameOrigin(request);
		return ResponseEntity.status(HttpStatus.SEE_OTHER)
			.location(URI.create(LOGIN + "?signedOut"))
			.header(HttpHeaders.SET_COOKIE, cookie(request, "", 0).toString())
			.build();
	}

	/** Requires a session or the operator token (see {@link DashboardConfiguration}). */
	@GetMapping(path = "/data", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<DashboardData.View> data(@RequestParam(required = false) String range) {
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(this.data.view(TimeRange.parse(range)));
	}

	private ResponseEntity<String> loginPage(HttpStatus status, String message) {
		String style = status.isError() ? "message" : "message info";
		String rendered = (message != null) ? "<p class=\"" + style + "\" role=\"alert\">" + message + "</p>" : "";
		return html(status, this.loginPage.replace(MESSAGE_SLOT, rendered));
	}

	private static ResponseEntity<String> html(HttpStatus status, String body) {
		return ResponseEntity.status(status)
			.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
			.cacheControl(CacheControl.noStore())
			.body(body);
	}

	private static ResponseEntity<String> seeOther(String location) {
		return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(location)).build();
	}

	/**
	 * Secure in production (browsers reach it only through HTTPS) or when HTTPS is seen.
	 */
	private ResponseCookie cookie(HttpServletRequest request, String value, long maxAgeSeconds) {
		return ResponseCookie.from(DashboardSessions.COOKIE, value)
			.httpOnly(true)
			.secure(this.production || isHttps(request))
			.sameSite("Strict")
			.path(COOKIE_PATH)
			.maxAge(maxAgeSeconds)
			.build();
	}

	/** HTTPS here or at the first proxy (the load balancer ahead of the gateway). */
	static boolean isHttps(HttpServletRequest request) {
		return request.isSecure() || "https".equalsIgnoreCase(first(request.getHeader("X-Forwarded-Proto")));
	}

	/**
	 * Refuses requests another site made the browser send. Browsers that send Fetch
	 * Metadata (all current ones; scripts cannot forge it) are judged by
	 * {@code Sec-Fetch-Site} alone, because behind the gateway the Host this service sees
	 * is not the one the browser addressed. Without it, the Origin, when sent, must name
	 * the Host or the first X-Forwarded-Host.
	 */
	static void requireSameOrigin(HttpServletRequest request) {
		String site = request.getHeader("Sec-Fetch-Site");
		if (site != null) {
			if (!site.equals("same-origin") && !site.equals("none")) {
				throw forbidden();
			}
			return;
		}
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (origin == null) {
			return;
		}
		String originHost;
		try {
			originHost = URI.create(origin).getRawAuthority();
		}
		catch (IllegalArgumentException ex) {
			throw forbidden();
		}
		if (originHost == null) {
			throw forbidden();
		}
		String host = request.getHeader(HttpHeaders.HOST);
		String forwardedHost = first(request.getHeader("X-Forwarded-Host"));
		if (!originHost.equalsIgnoreCase(host) && !originHost.equalsIgnoreCase(forwardedHost)) {
			throw forbidden();
		}
	}

	private static ApiException forbidden() {
		return new ApiException(CommonProblem.FORBIDDEN, "Dashboard requests must come from the dashboard itself");
	}

	private static String first(String header) {
		if (header == null) {
			return null;
		}
		int comma = header.indexOf(',');
		return ((comma >= 0) ? header.substring(0, comma) : header).trim().toLowerCase(Locale.ROOT);
	}

	private static String page(String location) {
		try {
			return new ClassPathResource(location).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
