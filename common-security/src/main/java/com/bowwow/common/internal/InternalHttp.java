package com.bowwow.common.internal;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import org.springframework.http.client.JdkClientHttpRequestFactory;

/**
 * The HTTP client of every call from one service to another.
 */
public final class InternalHttp {

	/** Connecting to a service on the same network takes milliseconds or fails. */
	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

	/**
	 * Writes request bodies. The factory's default starts a new platform thread for every
	 * request with a body: push-service's batch look-ups during a wave created one per
	 * call.
	 */
	private static final Executor BODY_WRITERS = Executors
		.newThreadPerTaskExecutor(Thread.ofVirtual().name("internal-http-body-", 0).factory());

	private InternalHttp() {
	}

	/**
	 * A request factory for {@code RestClient}s that call another service.
	 * @param readTimeout how long to wait for an answer
	 */
	public static JdkClientHttpRequestFactory requestFactory(Duration readTimeout) {
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build(), BODY_WRITERS);
		requests.setReadTimeout(readTimeout);
		return requests;
	}

}
