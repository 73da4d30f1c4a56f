package com.bowwow.common.problem;

import java.beans.PropertyEditorSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.bowwow.common.id.Uuids;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place a servlet service turns exceptions into problem responses. Spring MVC's
 * own exceptions arrive through {@link ResponseEntityExceptionHandler}; this class adds
 * the stable {@code code}, field-level {@code errors}, and makes sure nothing unexpected
 * ever leaks a stack trace.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	/** How long a client waits before retrying when a database or cache failed. */
	static final int DEPENDENCY_RETRY_AFTER_SECONDS = 5;

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	/**
	 * Spring's default UUID editor accepts short forms such as {@code 1-2-3-4-5};
	 * identifiers in paths and query parameters must be canonical.
	 */
	@InitBinder
	void strictUuids(WebDataBinder binder) {
		binder.registerCustomEditor(UUID.class, new PropertyEditorSupport() {
			@Override
			public void setAsText(String text) {
				setValue(Uuids.parse(text));
			}
		});
	}

	/**
	 * Strict input for request parameters and path variables: whole numbers in plain
	 * decimal digits only (Spring's default number parsing also reads "0x10" and "#10" as
	 * 16). An editor takes precedence over the conversion service.
	 */
	@org.springframework.web.bind.annotation.InitBinder
	void strictWholeNumbers(org.springframework.web.bind.WebDataBinder binder) {
		binder.registerCustomEditor(Integer.class, new DecimalEditor(Integer::valueOf));
		binder.registerCustomEditor(int.class, new DecimalEditor(Integer::valueOf));
		binder.registerCustomEditor(Long.class, new DecimalEditor(Long::valueOf));
		binder.registerCustomEditor(long.class, new DecimalEditor(Long::valueOf));
	}

	private static final class DecimalEditor extends java.beans.PropertyEditorSupport {

		private final java.util.function.Function<String, Number> parse;

		DecimalEditor(java.util.function.Function<String, Number> parse) {
			this.parse = parse;
		}

		@Override
		public void setAsText(String text) {
			if (text == null || text.isEmpty()) {
				setValue(null);
				return;
			}
			if (!text.matches("-?[0-9]{1,19}")) {
				throw new IllegalArgumentException("must be a whole number in decimal digits");
			}
			setValue(this.parse.apply(text));
		}

	}

	@ExceptionHandler(ApiException.class)
	ResponseEntity<Object> handleApiException(ApiException ex, HttpServletRequest request) {
		ProblemDetail problem = Problems.of(ex.type(), ex.getMessage(), request.getRequestURI());
		ex.properties().forEach(problem::setProperty);
		HttpHeaders headers = new HttpHeaders();
		headers.addAll(ex.headers());
		return respond(problem, headers);
	}

	@ExceptionHandler(PayloadTooLargeException.class)
	ResponseEntity<Object> handlePayloadTooLarge(PayloadTooLargeException ex, HttpServletRequest request) {
		return respond(Problems.of(CommonProblem.PAYLOAD_TOO_LARGE, ex.getMessage(), request.getRequestURI()),
				new HttpHeaders());
	}

	@ExceptionHandler(ConstraintViolationException.class)
	ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException ex) {
		List<FieldViolation> violations = ex.getConstraintViolations()
			.stream()
			.map((v) -> new FieldViolation(lastNode(v.getPropertyPath().toString()), v.getMessage()))
			.toList();
		return respond(Problems.validation(violations), new HttpHeaders());
	}

	/**
	 * Tomcat refuses a query or form parameter whose percent-encoding is broken or not
	 * UTF-8 when the application first reads parameters.
	 */
	@ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
	ResponseEntity<Object> handleUndecodableParameter(RuntimeException ex, HttpServletRequest request) {
		return respond(Problems.of(CommonProblem.INVALID_PARAMETER,
				"A query parameter is not valid percent-encoded UTF-8", request.getRequestURI()), new HttpHeaders());
	}

	/**
	 * PostgreSQL or Redis failing in the middle of a request (down, restarting, failing
	 * over, pool exhausted, timing out) is a 503 with {@code Retry-After}, never a 500:
	 * the request was fine and the client should simply try again.
	 */
	@ExceptionHandler({ org.springframework.dao.DataAccessException.class,
			org.springframework.transaction.TransactionException.class })
	ResponseEntity<Object> handleDependencyUnavailable(Exception ex, HttpServletRequest request) {
		log.warn("A dependency failed on {} {}: {}", request.getMethod(), request.getRequestURI(), ex.toString());
		ProblemDetail problem = Problems.of(CommonProblem.SERVICE_UNAVAILABLE,
				"A storage dependency is unavailable; try again shortly", request.getRequestURI());
		problem.setProperty("retryAfterSeconds", DEPENDENCY_RETRY_AFTER_SECONDS);
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Integer.toString(DEPENDENCY_RETRY_AFTER_SECONDS));
		return respond(problem, headers);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> handleUnexpected(Exception ex, HttpServletRequest request) {
		// The client gets an opaque reference; the log gets the whole story.
		String reference = UUID.randomUUID().toString();
		log.error("Unhandled error {} on {} {}", reference, request.getMethod(), request.getRequestURI(), ex);
		ProblemDetail problem = Problems.of(CommonProblem.INTERNAL_ERROR,
				"Something went wrong on our side (reference " + reference + ")", request.getRequestURI());
		return respond(problem, new HttpHeaders());
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldViolation> violations = new ArrayList<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			violations.add(new FieldViolation(error.getField(), message(error)));
		}
		ex.getBindingResult()
			.getGlobalErrors()
			.forEach((error) -> violations.add(new FieldViolation(error.getObjectName(), message(error))));
		return respond(withInstance(Problems.validation(violations), request), headers);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldViolation> violations = new ArrayList<>();
		ex.getParameterValidationResults().forEach((result) -> {
			String name = result.getMethodParameter().getParameterName();
			result.getResolvableErrors().forEach((error) -> violations.add(new FieldViolation(name, message(error))));
		});
		return respond(withInstance(Problems.validation(violations), request), headers);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		PayloadTooLargeException tooLarge = findCause(ex, PayloadTooLargeException.class);
		if (tooLarge != null) {
			return respond(withInstance(Problems.of(CommonProblem.PAYLOAD_TOO_LARGE, tooLarge.getMessage()), request),
					headers);
		}
		MismatchedInputException mismatch = findCause(ex, MismatchedInputException.class);
		if (mismatch != null && !mismatch.getPath().isEmpty()) {
			String field = jsonPath(mismatch);
			return respond(
					withInstance(Problems.validation(List.of(new FieldViolation(field, describe(mismatch)))), request),
					headers);
		}
		JacksonException jackson = findCause(ex, JacksonException.class);
		if (jackson != null && !(jackson instanceof StreamReadException) && !jackson.getPath().isEmpty()) {
			// Our own value types reject bad input in their constructors; say which field
			// and why.
			String field = jsonPath(jackson);
			return respond(withInstance(
					Problems.validation(List.of(new FieldViolation(field, rootMessage(jackson, "is invalid")))),
					request), headers);
		}
		String detail = (ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing"))
				? "A JSON request body is required" : "The request body is not valid JSON";
		return respond(withInstance(Problems.of(CommonProblem.MALFORMED_JSON, detail), request), headers);
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex instanceof MethodArgumentTypeMismatchException mismatch) ? mismatch.getName()
				: ex.getPropertyName();
		String message;
		if (ex.getRequiredType() == UUID.class) {
			message = "must be a UUID";
		}
		else {
			IllegalArgumentException cause = findCause(ex, IllegalArgumentException.class);
			message = (cause != null && cause.getMessage() != null) ? cause.getMessage() : "has an invalid value";
		}
		ProblemDetail problem = Problems.of(CommonProblem.INVALID_PARAMETER, name + " " + message);
		problem.setProperty("errors", List.of(new FieldViolation(name, message)));
		return respond(withInstance(problem, request), headers);
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = Problems.of(CommonProblem.MISSING_PARAMETER,
				"Query parameter '" + ex.getParameterName() + "' is required");
		problem.setProperty("errors", List.of(new FieldViolation(ex.getParameterName(), "is required")));
		return respond(withInstance(problem, request), headers);
	}

	/**
	 * Every other Spring MVC exception (404, 405, 406, 415, …) arrives here with a
	 * problem body already built; give it our type, title and code.
	 */
	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail existing && existing.getProperties() != null
				&& existing.getProperties().containsKey("code")) {
			return super.handleExceptionInternal(ex, body, headers, statusCode, request);
		}
		CommonProblem type = CommonProblem.forStatus(statusCode.value());
		String detail = (body instanceof ProblemDetail existing && existing.getDetail() != null) ? existing.getDetail()
				: type.title();
		return respond(withInstance(Problems.of(type, detail), request), headers);
	}

	private ResponseEntity<Object> respond(ProblemDetail problem, HttpHeaders headers) {
		return ResponseEntity.status(problem.getStatus())
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	private ProblemDetail withInstance(ProblemDetail problem, WebRequest request) {
		return (request instanceof ServletWebRequest servlet)
				? Problems.withInstance(problem, servlet.getRequest().getRequestURI()) : problem;
	}

	private String message(MessageSourceResolvable error) {
		String message = error.getDefaultMessage();
		return (message != null) ? message : "is invalid";
	}

	private static String jsonPath(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? "body" : path.toString();
	}

	private static String describe(MismatchedInputException ex) {
		if (ex instanceof InvalidFormatException invalid && invalid.getCause() instanceof IllegalArgumentException iae
				&& iae.getMessage() != null) {
			return iae.getMessage();
		}
		String ours = rootMessage(ex, null);
		if (ours != null) {
			return ours;
		}
		Class<?> target = ex.getTargetType();
		if (target == null) {
			return "has the wrong type";
		}
		if (Number.class.isAssignableFrom(target) || (target.isPrimitive() && target != boolean.class)) {
			return "must be a number";
		}
		if (target == Boolean.class || target == boolean.class) {
			return "must be true or false";
		}
		if (target == String.class) {
			return "must be a string";
		}
		if (target.isEnum()) {
			return "has an unsupported value";
		}
		return "has the wrong type";
	}

	/** The message of an {@link IllegalArgumentException} our own types threw, if any. */
	private static String rootMessage(Throwable ex, String fallback) {
		IllegalArgumentException cause = findCause(ex, IllegalArgumentException.class);
		return (cause != null && cause.getMessage() != null) ? cause.getMessage() : fallback;
	}

	private static <T extends Throwable> T findCause(Throwable ex, Class<T> type) {
		Throwable current = ex;
		for (int depth = 0; current != null && depth < 10; depth++) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
			current = current.getCause();
		}
		return null;
	}

	private static String lastNode(String propertyPath) {
		int dot = propertyPath.lastIndexOf('.');
		return (dot >= 0) ? propertyPath.substring(dot + 1) : propertyPath;
	}

}
