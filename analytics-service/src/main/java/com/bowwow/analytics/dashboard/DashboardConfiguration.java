package com.bowwow.analytics.dashboard;

import java.time.Clock;

import com.bowwow.analytics.figures.Figures;
import com.bowwow.analytics.operations.OperationsProbe;
import com.bowwow.analytics.safety.SafetyFigures;
import com.bowwow.common.problem.CommonProblem;
import com.bowwow.common.problem.Problems;
import com.bowwow.common.security.BowWowSecurityProperties;
import com.bowwow.common.web.ProblemWriter;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DashboardProperties.class)
class DashboardConfiguration implements WebMvcConfigurer {

	static final String BASE = "/api/v1/analytics/dashboard";

	/** Where the webjar keeps Chart.js; the browser test fails if the version moves. */
	static final String CHART_JS = "classpath:/META-INF/resources/webjars/chart.js/4.5.1/dist/";

	/**
	 * Scripts, styles and data from this origin only; no inline code, no framing, forms
	 * post only here.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
			+ "form-action 'self'; frame-ancestors 'none'";

	@Bean
	DashboardSessions dashboardSessions(BowWowSecurityProperties security, DashboardProperties properties,
			Clock clock) {
		return new DashboardSessions(security.operator().token(), properties.sessionLifetime(), clock);
	}

	@Bean
	DashboardData dashboardData(JdbcClient jdbc, Figures figures, SafetyFigures safety, OperationsProbe operations,
			Clock clock) {
		return new DashboardData(jdbc, figures, safety, operations, clock);
	}

	/**
	 * Ahead of common's operator chain (which would demand the bearer token on every
	 * analytics path): the page, its assets and the login form are open, the data needs a
	 * session or the operator token.
	 */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE - 30)
	SecurityFilterChain dashboardSecurity(HttpSecurity http, DashboardSessions sessions, ProblemWriter problems)
			throws Exception {
		http.securityMatcher(BASE, BASE + "/**")
			.csrf(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.sessionManagement((s) -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
			.authorizeHttpRequests((requests) -> requests.requestMatchers(BASE + "/data")
				.hasAuthority(DashboardAuthenticationFilter.AUTHORITY)
				.anyRequest()
				.permitAll())
			.addFilterBefore(new DashboardAuthenticationFilter(sessions), AnonymousAuthenticationFilter.class)
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint((request, response, failure) -> problems.write(response,
						Problems.of(CommonProblem.UNAUTHORIZED, "Log in to the dashboard or send the operator token",
								request.getRequestURI())))
				.accessDeniedHandler(
						(request, response, denied) -> problems.write(response, Problems.of(CommonProblem.FORBIDDEN,
								"This credential may not call this endpoint", request.getRequestURI()))));
		return http.build();
	}

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler(BASE + "/assets/vendor/**").addResourceLocations(CHART_JS);
		registry.addResourceHandler(BASE + "/assets/**").addResourceLocations("classpath:/dashboard/assets/");
	}

}
