package com.bowwow.common.autoconfigure;

import java.time.Clock;
import java.util.List;

import com.bowwow.common.health.DependencyCheck;
import com.bowwow.common.health.ServiceHealthController;
import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ProblemDetailsAdvice;
import com.bowwow.common.warmup.Warmup;
import com.bowwow.common.warmup.WarmupProperties;
import com.bowwow.common.warmup.WarmupTask;
import com.bowwow.common.web.BowWowWebProperties;
import com.bowwow.common.web.MediaTypeGuardFilter;
import com.bowwow.common.web.ProblemErrorController;
import com.bowwow.common.web.ProblemErrorReportValve;
import com.bowwow.common.web.ProblemWriter;
import com.bowwow.common.web.RequestBodyLimitFilter;
import com.bowwow.common.web.RequestIdFilter;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The web conventions of every servlet service: problem responses for every failure,
 * request IDs, the 64 KiB body limit, typed path variables and {@code GET /health}.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration",
		afterName = "org.springframework.boot.autoconfigure.info.ProjectInfoAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@EnableConfigurationProperties({ BowWowWebProperties.class, WarmupProperties.class })
public class BowWowServletAutoConfiguration {

	@Bean
	ProblemDetailsAdvice problemDetailsAdvice() {
		return new ProblemDetailsAdvice();
	}

	@Bean
	ProblemErrorController problemErrorController() {
		return new ProblemErrorController();
	}

	@Bean
	ProblemWriter problemWriter(JsonMapper jsonMapper) {
		return new ProblemWriter(jsonMapper);
	}

	@Bean
	FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
		FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(BowWowWebProperties properties,
			ProblemWriter problemWriter) {
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(properties.maxRequestBody().toBytes(), problemWriter));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	@Bean
	FilterRegistrationBean<MediaTypeGuardFilter> mediaTypeGuardFilter(ProblemWriter problemWriter) {
		FilterRegistrationBean<MediaTypeGuardFilter> registration = new FilterRegistrationBean<>(
				new MediaTypeGuardFilter(problemWriter));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	@Bean
	@ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> bowWowProblemErrorReports() {
		return (factory) -> factory.addContextCustomizers(ProblemErrorReportValve::install);
	}

	@Bean
	WebMvcConfigurer bowWowTypedPathVariables() {
		return new WebMvcConfigurer() {
			@Override
			public void addFormatters(FormatterRegistry registry) {
				registry.addConverter(String.class, UserId.class, UserId::parse);
			}
		};
	}

	@Bean
	ServiceHealthController serviceHealthController(Environment environment,
			ObjectProvider<BuildProperties> buildProperties, List<DependencyCheck> checks,
			ApplicationAvailability availability, Clock clock) {
		String name = environment.getProperty("spring.application.name", "application");
		return new ServiceHealthController(name, Versions.describe(buildProperties.getIfAvailable()), checks,
				availability, clock);
	}

	/** Warms the service's {@link WarmupTask}s before it reports ready. */
	@Bean
	Warmup bowWowWarmup(ObjectProvider<WarmupTask> tasks, WarmupProperties properties) {
		return new Warmup(tasks.orderedStream().toList(), properties);
	}

}
