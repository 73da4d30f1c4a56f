package com.bowwow.location.stream;

import java.security.Principal;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import com.bowwow.location.api.UserMessages;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.Topic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class StreamConfiguration implements WebSocketConfigurer {

	static final String PATH = "/api/v1/locations/stream";

	private final StreamHandler handler;

	StreamConfiguration(StreamHandler handler) {
		this.handler = handler;
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		// Tokens, not cookies, authenticate the upgrade, so a foreign page cannot ride on
		// a user's session: any origin may connect.
		registry.addHandler(this.handler, PATH)
			.setAllowedOriginPatterns("*")
			.setHandshakeHandler(new DefaultHandshakeHandler(new UncompressedUpgradeStrategy()));
	}

	/**
	 * Agrees to no extension. The only one Tomcat offers is permessage-deflate, which
	 * costs a zlib deflater and inflater per connection (about 300 KiB of native memory,
	 * ten times the rest of a stream) for messages of a few hundred bytes; any client may
	 * ask for it, so a server that agrees lets its clients choose its memory. Tomcat
	 * negotiates extensions from the request itself (an endpoint configured with none
	 * gets its defaults), so the offer is hidden from it.
	 */
	static final class UncompressedUpgradeStrategy extends StandardWebSocketUpgradeStrategy {

		@Override
		public void upgrade(ServerHttpRequest request, ServerHttpResponse response, String protocol,
				List<WebSocketExtension> extensions, Principal user, WebSocketHandler handler,
				Map<String, Object> attributes) {
			ServerHttpRequest withoutOffers = new ServletServerHttpRequest(
					new WithoutExtensionOffers(getHttpServletRequest(request)));
			super.upgrade(withoutOffers, response, protocol, List.of(), user, handler, attributes);
		}

	}

	private static final class WithoutExtensionOffers extends HttpServletRequestWrapper {

		private static final String OFFERS = "Sec-WebSocket-Extensions";

		WithoutExtensionOffers(HttpServletRequest request) {
			super(request);
		}

		@Override
		public String getHeader(String name) {
			return OFFERS.equalsIgnoreCase(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return OFFERS.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			return Collections.enumeration(Collections.list(super.getHeaderNames())
				.stream()
				.filter((n) -> !OFFERS.equalsIgnoreCase(n))
				.toList());
		}

	}

	/**
	 * Binds the settings itself: a static factory bean is created while configuration
	 * classes are still being read, before the properties bean exists.
	 */
	@Bean
	static ServletServerContainerFactoryBean webSocketContainer(Environment environment) {
		StreamProperties properties = Binder.get(environment)
			.bindOrCreate("bowwow.location.stream", StreamProperties.class);
		ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
		container.setMaxTextMessageBufferSize(properties.maxMessageBytes());
		container.setMaxBinaryMessageBufferSize(properties.maxMessageBytes());
		// The heartbeat closes dead connections; this is the transport's own backstop.
		container.setMaxSessionIdleTimeout(properties.idleTimeout().multipliedBy(2).toMillis());
		return container;
	}

	@Bean
	static MeterBinder streamConnectionsGauge(ConnectionRegistry connections) {
		return (registry) -> Gauge
			.builder("bowwow.location.stream.connections", connections, (open) -> open.all().size())
			.description("WebSocket connections open on this instance")
			.register(registry);
	}

	@Bean
	RedisMessageListenerContainer streamListenerContainer(RedisConnectionFactory connectionFactory, StreamFanout fanout,
			StreamViews views) {
		RedisMessageListenerContainer container = new PatientListenerContainer();
		container.setConnectionFactory(connectionFactory);
		// The default starts a platform thread for every message: thousands a second
		// while a large wave passes. A virtual thread costs a few microseconds; the
		// handling may block (safety reads), so it cannot run on Lettuce's event loop.
		SimpleAsyncTaskExecutor dispatch = new SimpleAsyncTaskExecutor("stream-pubsub-");
		dispatch.setVirtualThreads(true);
		container.setTaskExecutor(dispatch);
		container.addMessageListener(fanout,
				List.of(new ChannelTopic(StreamFanout.FIRST_MOVES_CHANNEL), new ChannelTopic(UserMessages.CHANNEL),
						new ChannelTopic(StreamFanout.SETTINGS_CHANNEL), new ChannelTopic(StreamFanout.HIDE_CHANNEL)));
		// Moves: only the areas this instance's circles touch.
		views.watchAreas(new StreamViews.AreaWatcher() {
			@Override
			public void needed(long area) {
				container.addMessageListener(fanout, topic(area));
			}

			@Override
			public void unneeded(long area) {
				container.removeMessageListener(fanout, topic(area));
			}
		});
		return container;
	}

	private static Topic topic(long area) {
		return (area == StreamViews.ALL_AREAS) ? new PatternTopic(StreamFanout.ALL_MOVES_PATTERN)
				: new ChannelTopic(StreamFanout.areaChannel(area));
	}

}
