package com.reachtown.dispatcher.web;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.reachtown.dispatcher.forward.OutboxEventNotDeadException;
import com.reachtown.dispatcher.forward.OutboxEventNotFoundException;
import com.reachtown.dispatcher.forward.OutboxEventSupersededException;
import com.reachtown.dispatcher.provider.InvalidWebhookException;
import com.reachtown.dispatcher.provider.ProviderException;
import com.reachtown.dispatcher.provider.UnknownProviderException;
import com.reachtown.dispatcher.provider.WebhookAuthenticationException;
import com.reachtown.dispatcher.send.IdempotencyConflictException;
import com.reachtown.dispatcher.send.MessageNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DatabindException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error of the API into an RFC 9457 problem detail. Field errors name the
 * field as it appears on the wire, in snake case.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger LOG = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.sorted(Comparator.comparing(FieldError::getField))
			.map((error) -> Map.of("field", snakeCase(error.getField()), "message",
					String.valueOf(error.getDefaultMessage())))
			.toList();
		ProblemDetail problem = invalidFields(errors);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		PayloadTooLargeException tooLarge = findCause(ex, PayloadTooLargeException.class);
		if (tooLarge != null) {
			return handlePayloadTooLarge(tooLarge);
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, notReadableDetail(ex));
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = invalidFields(
				List.of(Map.of("field", ex.getParameterName(), "message", "is required")));
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		if (ex.getPropertyName() == null) {
			return super.handleTypeMismatch(ex, headers, status, request);
		}
		String message = "value '" + ex.getValue() + "' is not a valid "
				+ ((ex.getRequiredType() != null) ? ex.getRequiredType().getSimpleName() : "value");
		ProblemDetail problem = invalidFields(List.of(Map.of("field", ex.getPropertyName(), "message", message)));
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@ExceptionHandler(PayloadTooLargeException.class)
	ResponseEntity<Object> handlePayloadTooLarge(PayloadTooLargeException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage());
		return ResponseEntity.of(problem).build();
	}

	/**
	 * Builds the problem for an invalid field, or for fields that are invalid together.
	 * The reason of a pair names both fields, so the detail gives it once.
	 */
	@ExceptionHandler(InvalidFieldException.class)
	ProblemDetail handleInvalidField(InvalidFieldException ex) {
		if (ex.fields().size() == 1) {
			return invalidFields(List.of(Map.of("field", ex.field(), "message", ex.reason())));
		}
		ProblemDetail problem = invalidFields(
				ex.fields().stream().map((field) -> Map.of("field", field, "message", ex.getMessage())).toList());
		problem.setDetail("invalid request: " + ex.getMessage());
		return problem;
	}

	@ExceptionHandler(MessageNotFoundException.class)
	ProblemDetail handleMessageNotFound(MessageNotFoundException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler(OutboxEventNotFoundException.class)
	ProblemDetail handleOutboxEventNotFound(OutboxEventNotFoundException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler(OutboxEventSupersededException.class)
	ProblemDetail handleOutboxEventSuperseded(OutboxEventSupersededException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
	}

	@ExceptionHandler(OutboxEventNotDeadException.class)
	ProblemDetail handleOutboxEventNotDead(OutboxEventNotDeadException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setProperty("state", ex.state());
		return problem;
	}

	@ExceptionHandler(UnknownProviderException.class)
	ProblemDetail handleUnknownProvider(UnknownProviderException ex) {
		return invalidFields(List.of(Map.of("field", "provider", "message", ex.getMessage())));
	}

	@ExceptionHandler(IdempotencyConflictException.class)
	ProblemDetail handleIdempotencyConflict(IdempotencyConflictException ex) {
		HttpStatus status = ex.inFlight() ? HttpStatus.CONFLICT : HttpStatus.UNPROCESSABLE_CONTENT;
		return ProblemDetail.forStatusAndDetail(status, ex.getMessage());
	}

	@ExceptionHandler(ProviderException.class)
	ResponseEntity<ProblemDetail> handleProvider(ProviderException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(ex.httpStatus()),
				ex.getMessage());
		problem.setProperty("provider", ex.provider());
		problem.setProperty("provider_error_code", ex.providerErrorCode());
		problem.setProperty("retryable", ex.retryable());
		ResponseEntity.BodyBuilder response = ResponseEntity.status(ex.httpStatus());
		if (ex.retryAfter() != null) {
			response.header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, ex.retryAfter().toSeconds())));
		}
		return response.body(problem);
	}

	@ExceptionHandler(WebhookAuthenticationException.class)
	ProblemDetail handleWebhookAuthentication(WebhookAuthenticationException ex) {
		LOG.warn("Rejected webhook: {}", ex.getMessage());
		return ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, ex.getMessage());
	}

	@ExceptionHandler(InvalidWebhookException.class)
	ProblemDetail handleInvalidWebhook(InvalidWebhookException ex) {
		LOG.warn("Invalid webhook: {}", ex.getMessage());
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	private static ProblemDetail invalidFields(List<Map<String, String>> errors) {
		String detail = "invalid request: " + String.join("; ",
				errors.stream().map((error) -> error.get("field") + " " + error.get("message")).toList());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setProperty("errors", errors);
		return problem;
	}

	private static String notReadableDetail(HttpMessageNotReadableException ex) {
		DatabindException databind = findCause(ex, DatabindException.class);
		if (databind != null && !databind.getPath().isEmpty()) {
			String field = databind.getPath()
				.stream()
				.map((reference) -> reference.getPropertyName())
				.toList()
				.toString();
			return "request body has a value of the wrong type at " + field;
		}
		return "request body is not valid JSON";
	}

	private static <T extends Throwable> T findCause(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	private static String snakeCase(String name) {
		return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
	}

}
