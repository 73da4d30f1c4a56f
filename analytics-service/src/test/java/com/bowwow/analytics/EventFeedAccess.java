package com.bowwow.analytics;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Lets tests in other packages feed {@link Scenario} and {@link SafetyScenario} into a
 * clean database, the way {@link FiguresTests} and {@link SafetyTests} do.
 */
public class EventFeedAccess {

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	private final JdbcTemplate jdbc;

	public EventFeedAccess(StringRedisTemplate redis, JsonMapper json, JdbcTemplate jdbc) {
		this.redis = redis;
		this.json = json;
		this.jdbc = jdbc;
	}

	/**
	 * Empties the tables, publishes the scenario and the safety scenario and waits until
	 * they are applied.
	 */
	public void publishScenario() {
		EventFeed.clear(this.jdbc);
		EventFeed feed = new EventFeed(this.redis, this.json);
		new Scenario().publish(feed);
		new SafetyScenario().publish(feed);
		feed.awaitConsumed();
	}

}
