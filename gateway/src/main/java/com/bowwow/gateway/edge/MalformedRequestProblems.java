package com.bowwow.gateway.edge;

import java.net.URI;
import java.net.URISyntaxException;

import com.bowwow.common.problem.CommonProblem;
import com.bowwow.common.problem.ProblemType;
import com.bowwow.common.problem.Problems;
import com.bowwow.common.web.RequestIds;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Requests the web layer never sees still get a problem body. Netty answers malformed
 * request lines, over-long URIs and headers with an empty 400/414/431, and Spring answers
 * an unparseable URI ({@code %zz}) with an empty 400. A handler right after the HTTP
 * codec answers those itself, as {@code application/problem+json} with a {@code code} and
 * a request ID, and refuses paths the gateway would refuse anyway ({@link RequestPaths})
 * before any routing work. The connection is closed afterwards: after a framing error the
 * rest of the stream cannot be trusted.
 */
@Component
class MalformedRequestProblems implements NettyServerCustomizer {

	static final String HANDLER_NAME = "bowwow.malformedRequestProblems";

	private static final Logger log = LoggerFactory.getLogger(MalformedRequestProblems.class);

	private final JsonMapper jsonMapper;

	public MalformedRequestProblems(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public HttpServer apply(HttpServer server) {
		return server.doOnChannelInit((observer, channel, remoteAddress) -> {
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
				channel.pipeline().addAfter(NettyPipeline.HttpCodec, HANDLER_NAME, new Handler());
			}
			else {
				log.warn("No HTTP/1.1 codec in the pipeline; malformed requests get Netty's empty answers");
			}
		});
	}

	/** Why a request is refused, or null when it may proceed. */
	static Refusal refusal(HttpRequest request) {
		DecoderResult result = request.decoderResult();
		if (result.isFailure()) {
			Throwable cause = result.cause();
			if (cause instanceof TooLongHttpLineException) {
				return new Refusal(EdgeProblem.URI_TOO_LONG, "The request line is too long");
			}
			if (cause instanceof TooLongHttpHeaderException) {
				return new Refusal(EdgeProblem.HEADERS_TOO_LARGE, "The request headers are too large");
			}
			if (cause instanceof TooLongFrameException) {
				return new Refusal(EdgeProblem.HEADERS_TOO_LARGE, "The request head is too large");
			}
			return new Refusal(EdgeProblem.MALFORMED_REQUEST, "The request is not valid HTTP");
		}
		String uri = request.uri();
		if (uri.isEmpty() || uri.charAt(0) != '/') {
			// Absolute-form and asterisk-form targets are for proxies and OPTIONS *.
			return new Refusal(CommonProblem.BAD_REQUEST, "The request target must be a path");
		}
		try {
			new URI(uri);
		}
		catch (URISyntaxException ex) {
			return new Refusal(CommonProblem.BAD_REQUEST, "The request URI is malformed");
		}
		int end = uri.indexOf('?');
		String path = (end < 0) ? uri : uri.substring(0, end);
		try {
			RequestPaths.canonical(path);
		}
		catch (IllegalArgumentException ex) {
			return new Refusal(CommonProblem.BAD_REQUEST, ex.getMessage());
		}
		return null;
	}

	record Refusal(ProblemType type, String detail) {
	}

	private final class Handler extends ChannelDuplexHandler {

		/** Set after a refusal: the rest of what the client sends is dropped. */
		private boolean discarding;

		/**
		 * The method and request ID of the request being answered, for the outbound side.
		 */
		private boolean head;

		private String requestId;

		/**
		 * Reactor Netty answers a broken body (an invalid chunk) with an empty 400 of its
		 * own; give it the problem body every other refusal has. Only complete, empty,
		 * untyped error responses are touched: never a response to HEAD, never one the
		 * application wrote.
		 */
		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
			if (msg instanceof FullHttpResponse response && !this.head && response.status().code() >= 400
					&& response.content().readableBytes() == 0
					&& !response.headers().contains(HttpHeaderNames.CONTENT_TYPE)) {
				ProblemType type = (response.status().code() == 400) ? EdgeProblem.MALFORMED_REQUEST
						: CommonProblem.forStatus(response.status().code());
				String id = (this.requestId != null) ? this.requestId : RequestIds.acceptOrCreate(null);
				String detail = (response.status().code() == 400) ? "The request could not be read" : type.title();
				FullHttpResponse replacement = response(new Refusal(type, detail), id);
				if (!HttpUtil.isKeepAlive(response)) {
					replacement.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
				}
				replacement.setStatus(response.status());
				response.release();
				ctx.write(replacement, promise);
				return;
			}
			ctx.write(msg, promise);
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (this.discarding) {
				ReferenceCountUtil.release(msg);
				return;
			}
			if (msg instanceof HttpRequest request) {
				this.head = HttpMethod.HEAD.equals(request.method());
				this.requestId = request.decoderResult().isFailure() ? null
						: RequestIds.acceptOrCreate(request.headers().get(RequestIds.HEADER));
				Refusal refusal = refusal(request);
				if (refusal != null) {
					this.discarding = true;
					ReferenceCountUtil.release(msg);
					String requestId = RequestIds.acceptOrCreate(
							request.decoderResult().isFailure() ? null : request.headers().get(RequestIds.HEADER));
					ctx.writeAndFlush(response(refusal, requestId)).addListener(ChannelFutureListener.CLOSE);
					return;
				}
			}
			ctx.fireChannelRead(msg);
		}

		private FullHttpResponse response(Refusal refusal, String requestId) {
			ProblemDetail problem = Problems.of(refusal.type(), refusal.detail());
			problem.setProperty("requestId", requestId);
			byte[] body = MalformedRequestProblems.this.jsonMapper.writeValueAsBytes(Problems.toMap(problem));
			FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
					HttpResponseStatus.valueOf(refusal.type().status().value()), Unpooled.wrappedBuffer(body));
			response.headers()
				.set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
				.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
				.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
				.set(RequestIds.HEADER, requestId);
			return response;
		}

	}

}
