package com.reachtown.dispatcher.web;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import com.reachtown.dispatcher.provider.WebhookReply;
import com.reachtown.dispatcher.provider.WebhookRequest;
import com.reachtown.dispatcher.webhook.WebhookService;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StreamUtils;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code POST /v1/webhooks/incoming} and {@code POST /v1/webhooks/status}: providers'
 * callbacks. Both paths take any provider event; the provider's adapter decides what it
 * is. The raw body is kept as it arrived, because signatures are computed over it.
 * <p>
 * Both paths also accept one more segment, such as
 * {@code /v1/webhooks/incoming/messages-upsert}, because Evolution API's "webhook by
 * events" setting appends the event name to the configured URL. The segment is not read:
 * the adapter takes the event from the body.
 */
@RestController
class WebhookController {

	private final WebhookService webhookService;

	WebhookController(WebhookService webhookService) {
		this.webhookService = webhookService;
	}

	@PostMapping(path = { "/v1/webhooks/incoming", "/v1/webhooks/status", "/v1/webhooks/incoming/{event}",
			"/v1/webhooks/status/{event}" })
	ResponseEntity<String> receive(HttpServletRequest servletRequest) throws IOException {
		// Read from the stream, not with @RequestBody: for a form post Spring would
		// rebuild the body from
		// the servlet's parameters, which Tomcat reads past the body size limit and
		// decodes on its own.
		byte[] body = StreamUtils.copyToByteArray(servletRequest.getInputStream());
		WebhookRequest request = new WebhookRequest(servletRequest.getRequestURI(), servletRequest.getQueryString(),
				headers(servletRequest), servletRequest.getContentType(), body);
		WebhookReply reply = this.webhookService.receive(request, providerParameter(servletRequest));

		if (reply.body() == null) {
			return ResponseEntity.ok().build();
		}
		return ResponseEntity.ok().contentType(MediaType.parseMediaType(reply.contentType())).body(reply.body());
	}

	/**
	 * Reads the {@code provider} parameter from the query string alone: asking the
	 * servlet request for a parameter would consume a form-encoded body before it is read
	 * raw.
	 */
	private static String providerParameter(HttpServletRequest request) {
		String query = request.getQueryString();
		if (query == null) {
			return null;
		}
		String provider = UriComponentsBuilder.newInstance().query(query).build().getQueryParams().getFirst("provider");
		return (provider != null) ? URLDecoder.decode(provider, StandardCharsets.UTF_8) : null;
	}

	private static Map<String, String> headers(HttpServletRequest request) {
		Map<String, String> headers = new LinkedHashMap<>();
		for (String name : Collections.list(request.getHeaderNames())) {
			headers.put(name.toLowerCase(Locale.ROOT), request.getHeader(name));
		}
		return headers;
	}

}
