package com.bowwow.common.autoconfigure;

import org.springframework.boot.info.BuildProperties;

/** How a service names its own build in health responses: "1.0.0 (abc1234)". */
public final class Versions {

	private Versions() {
	}

	public static String describe(BuildProperties build) {
		if (build == null) {
			return "dev";
		}
		String sha = build.get("git.sha");
		if (sha == null || sha.isBlank()) {
			return build.getVersion();
		}
		return build.getVersion() + " (" + sha.substring(0, Math.min(12, sha.length())) + ")";
	}

}
