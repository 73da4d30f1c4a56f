package com.bowwow.analytics;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Lets tests in other packages feed {@link Scenario} into a clean database, the way
 * {@link FiguresTests} does.
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

	/** Empties the tables, publishes the scenario and waits until it is applied. */
	public void publishScenario() {
		EventFeed.clear(this.jdbc);
		EventFeed feed = new EventFeed(this.redis, this.json);
		new Scenario().publish(feed);
		feed.awaitConsumed();
	}

}
