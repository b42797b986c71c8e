package com.reachtown.dispatcher.config;

import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Maps {@code LOG_FORMAT} to Spring Boot's console log format before logging starts:
 * {@code json} selects structured logging in the Elastic Common Schema (ECS) format, one
 * JSON object per line; {@code plain}, or no value, keeps the text pattern. An explicit
 * {@code logging.structured.format.console} wins over {@code LOG_FORMAT}.
 */
class LogFormatEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String VARIABLE = "LOG_FORMAT";

	private static final String CONSOLE_FORMAT = "logging.structured.format.console";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String format = environment.getProperty(VARIABLE, "").strip().toLowerCase(Locale.ROOT);
		if (format.isEmpty() || format.equals("plain")) {
			return;
		}
		if (!format.equals("json")) {
			throw new InvalidConfigurationException(VARIABLE,
					VARIABLE + "=" + format + " is not a known log format: use plain or json");
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource("dispatcherLogFormat", Map.of(CONSOLE_FORMAT, "ecs")));
	}

}
