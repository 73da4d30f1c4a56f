package com.bowwow.common.internal;

import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Least privilege for internal endpoints: the first rule whose path matches says which
 * callers may call it; no matching rule means nobody may. Paths are matched the way
 * Spring MVC routes them, so an encoded or differently spelled path cannot reach a
 * handler while escaping its rule.
 */
final class InternalAccess {

	private final List<Rule> rules;

	private InternalAccess(List<Rule> rules) {
		this.rules = rules;
	}

	/**
	 * @throws IllegalStateException for a rule outside {@code /internal/} or without
	 * callers
	 */
	static InternalAccess of(List<InternalProperties.Access> access) {
		return new InternalAccess(access.stream().map(InternalAccess::rule).toList());
	}

	boolean allows(HttpServletRequest request, ServiceCaller caller) {
		for (Rule rule : this.rules) {
			if (rule.matcher().matches(request)) {
				return rule.callers().contains(caller.name());
			}
		}
		return false;
	}

	boolean isEmpty() {
		return this.rules.isEmpty();
	}

	private static Rule rule(InternalProperties.Access access) {
		String path = access.path();
		if (path == null || !path.startsWith("/internal/")) {
			throw new IllegalStateException("bowwow.internal.access: path must start with /internal/, not " + path);
		}
		if (access.callers().isEmpty() || access.callers().stream().anyMatch((c) -> c == null || c.isBlank())) {
			throw new IllegalStateException("bowwow.internal.access: " + path + " needs the names of its callers");
		}
		return new Rule(PathPatternRequestMatcher.pathPattern(path), Set.copyOf(access.callers()));
	}

	private record Rule(RequestMatcher matcher, Set<String> callers) {

	}

}
