package com.bowwow.location.stream;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import com.bowwow.common.id.UserId;
import com.bowwow.common.security.UserAuthentication;
import com.bowwow.location.api.UserMessages;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.Topic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class StreamConfiguration implements WebSocketConfigurer {

	static final String PATH = "/api/v1/locations/stream";

	/**
	 * Tomcat's per-session byte buffer: the protocol has no binary message (the handler
	 * closes on one), and a text frame only passes through it in pieces on its way to the
	 * text buffer, so a small one costs nothing but saves ~0.9 KB per stream.
	 */
	static final int BINARY_BUFFER_BYTES = 128;

	private final StreamHandler handler;

	private final StreamAdmission admission;

	StreamConfiguration(StreamHandler handler, StreamAdmission admission) {
		this.handler = handler;
		this.admission = admission;
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		// Tokens, not cookies, authenticate the upgrade, so a foreign page cannot ride on
		// a user's session: any origin may connect.
		registry.addHandler(this.handler, PATH)
			.setAllowedOriginPatterns("*")
			.addInterceptors(this.admission)
			.setHandshakeHandler(new DefaultHandshakeHandler(new LeanUpgradeStrategy()));
	}

	/**
	 * Hands Tomcat and the session only what a stream needs for its whole life, because
	 * both keep what they are given until the connection closes:
	 * <ul>
	 * <li>No extension offer. The only one Tomcat offers is permessage-deflate, which
	 * costs a zlib deflater and inflater per connection (about 300 KiB of native memory,
	 * ten times the rest of a stream) for messages of a few hundred bytes; any client may
	 * ask for it, so a server that agrees lets its clients choose its memory. Tomcat
	 * negotiates from the request itself (an endpoint configured with none gets its
	 * defaults), so the offer is hidden from it.</li>
	 * <li>No access token. The handshake was authenticated before the upgrade; the token
	 * (query parameter or header) and its decoded form would otherwise stay in the
	 * session's principal, URI, query string, parameter map and header copies: several
	 * KiB per stream, and a credential in every heap dump long after it expired.</li>
	 * <li>No addresses, and no header copies. The upgrade reads the few headers it needs
	 * by name; Tomcat's handshake request and Spring's session both copy every header the
	 * request lists, and keep the copies (about 2.8 KB per stream for the handshake's own
	 * six headers), so the request lists none.</li>
	 * </ul>
	 */
	static final class LeanUpgradeStrategy extends StandardWebSocketUpgradeStrategy {

		@Override
		public void upgrade(ServerHttpRequest request, ServerHttpResponse response, String protocol,
				List<WebSocketExtension> extensions, Principal user, WebSocketHandler handler,
				Map<String, Object> attributes) {
			Principal lean = (user instanceof UserAuthentication authentication) ? authentication.withoutToken() : user;
			ServerHttpRequest handshakeOnly = new ServletServerHttpRequest(
					new HandshakeOnly(getHttpServletRequest(request), lean)) {

				// The session would keep both addresses (~260 bytes per stream); behind
				// the
				// load balancer they are the balancer's and this task's own.
				@Override
				public InetSocketAddress getLocalAddress() {
					return null;
				}

				@Override
				public InetSocketAddress getRemoteAddress() {
					return null;
				}

			};
			super.upgrade(handshakeOnly, response, protocol, List.of(), lean, handler, attributes);
		}

	}

	static final class HandshakeOnly extends HttpServletRequestWrapper {

		/**
		 * What Tomcat's upgrade reads (by name); {@code Sec-WebSocket-Extensions} is left
		 * out.
		 */
		private static final Set<String> KEPT = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

		static {
			KEPT.addAll(List.of(HttpHeaders.UPGRADE, HttpHeaders.CONNECTION, HttpHeaders.ORIGIN,
					WebSocketHttpHeaders.SEC_WEBSOCKET_KEY, WebSocketHttpHeaders.SEC_WEBSOCKET_VERSION,
					WebSocketHttpHeaders.SEC_WEBSOCKET_PROTOCOL));
		}

		private final Principal user;

		HandshakeOnly(HttpServletRequest request, Principal user) {
			super(request);
			this.user = user;
		}

		@Override
		public String getHeader(String name) {
			return KEPT.contains(name) ? super.getHeader(name) : null;
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return KEPT.contains(name) ? super.getHeaders(name) : Collections.emptyEnumeration();
		}

		/** Listed, headers would be copied into objects the connection keeps. */
		@Override
		public Enumeration<String> getHeaderNames() {
			return Collections.emptyEnumeration();
		}

		@Override
		public String getQueryString() {
			return null;
		}

		@Override
		public String getParameter(String name) {
			return null;
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			return Map.of();
		}

		@Override
		public Enumeration<String> getParameterNames() {
			return Collections.emptyEnumeration();
		}

		@Override
		public String[] getParameterValues(String name) {
			return null;
		}

		@Override
		public Principal getUserPrincipal() {
			return this.user;
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
		container.setMaxBinaryMessageBufferSize(BINARY_BUFFER_BYTES);
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
			StreamViews views, ConnectionRegistry registry) {
		RedisMessageListenerContainer container = new PatientListenerContainer();
		container.setConnectionFactory(connectionFactory);
		// The default starts a platform thread for every message: thousands a second
		// while a large wave passes. A virtual thread costs a few microseconds; the
		// handling may block (safety reads), so it cannot run on Lettuce's event loop.
		SimpleAsyncTaskExecutor dispatch = new SimpleAsyncTaskExecutor("stream-pubsub-");
		dispatch.setVirtualThreads(true);
		container.setTaskExecutor(dispatch);
		container.addMessageListener(fanout,
				List.of(new ChannelTopic(StreamFanout.FIRST_MOVES_CHANNEL),
						new ChannelTopic(StreamFanout.SETTINGS_CHANNEL), new ChannelTopic(StreamFanout.HIDE_CHANNEL),
						new ChannelTopic(StreamFanout.SHARED_USER_MESSAGES_CHANNEL)));
		// Messages for one user: only the users this instance holds a connection of. One
		// listener object per user, because the container keeps each listener's topics
		// in a copy-on-write set: a single listener over 10,000 users' channels would
		// copy it on every connect and disconnect.
		Map<UserId, MessageListener> users = new ConcurrentHashMap<>();
		registry.watchUsers(new ConnectionRegistry.UserWatcher() {
			@Override
			public void connected(UserId user) {
				MessageListener listener = fanout::onMessage;
				users.put(user, listener);
				container.addMessageListener(listener, new ChannelTopic(UserMessages.channelOf(user)));
			}

			@Override
			public void disconnected(UserId user) {
				MessageListener listener = users.remove(user);
				if (listener != null) {
					container.removeMessageListener(listener, new ChannelTopic(UserMessages.channelOf(user)));
				}
			}
		});
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
