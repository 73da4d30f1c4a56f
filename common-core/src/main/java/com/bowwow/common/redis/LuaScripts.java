package com.bowwow.common.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Lua scripts shipped beside the class that runs them, read once. A script made from a
 * {@code Resource} asks the resource for its modification time on every execution (to
 * reload an edited file), which inside a packaged jar was a measurable part of every
 * request; ours never change while the process runs.
 */
public final class LuaScripts {

	private LuaScripts() {
	}

	/**
	 * Reads a script once.
	 * @param owner the class whose package holds the script
	 * @param name the file name, e.g. {@code token-bucket.lua}
	 * @param resultType what the script returns
	 * @return the script, with its text and SHA-1 fixed
	 */
	public static <T> RedisScript<T> load(Class<?> owner, String name, Class<T> resultType) {
		try {
			return RedisScript.of(new ClassPathResource(name, owner).getContentAsString(StandardCharsets.UTF_8),
					resultType);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Lua script " + name + " is missing beside " + owner.getName(), ex);
		}
	}

}
