package com.reachtown.dispatcher.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Reports a start-up failure caused by the dispatcher's settings as one line that names
 * the environment variable to fix, in place of Spring Boot's longer binding report. It
 * handles {@link InvalidConfigurationException}, an {@code IllegalStateException} thrown
 * by a properties record's constructor, a value that cannot be converted, and a bean
 * validation constraint on a {@code dispatcher.*} property. Registered in
 * {@code META-INF/spring.factories}, ahead of Spring Boot's own analyzers.
 */
class ConfigurationFailureAnalyzer implements FailureAnalyzer, Ordered {

	private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{([A-Za-z0-9_]+)[:}]");

	private static final String ACTION = "Fix the variable in the environment (or the .env file) and start again.";

	private final Environment environment;

	/**
	 * Creates the analyzer.
	 * @param environment the application's environment, used to find which variable sets
	 * a property; {@code null} when start-up failed before it existed
	 */
	ConfigurationFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	public FailureAnalysis analyze(Throwable failure) {
		InvalidConfigurationException invalid = findCause(failure, InvalidConfigurationException.class);
		if (invalid != null) {
			return new FailureAnalysis(invalid.getMessage(), ACTION, invalid);
		}
		BindException bind = findCause(failure, BindException.class);
		if (bind == null || !bind.getName().toString().startsWith("dispatcher")) {
			return null;
		}
		return new FailureAnalysis(describe(bind), ACTION, bind);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	private String describe(BindException bind) {
		Throwable root = rootCause(bind);
		if (root instanceof BindValidationException validation) {
			return describe(bind.getName().toString(), validation);
		}
		if (root instanceof IllegalStateException) {
			// A properties record's constructor, whose message names the variable.
			return root.getMessage();
		}
		// The value is left out: it may be a secret, and before placeholder resolution it
		// reads as ${VARIABLE:default}. The conversion's message usually quotes it.
		ConfigurationProperty property = bind.getProperty();
		String name = (property != null) ? property.getName().toString() : bind.getName().toString();
		return variableOf(name, property) + " is invalid: " + root.getMessage();
	}

	private String describe(String prefix, BindValidationException validation) {
		ObjectError error = validation.getValidationErrors().getAllErrors().get(0);
		if (!(error instanceof FieldError field)) {
			return prefix + " is invalid: " + error.getDefaultMessage();
		}
		String name = prefix + "." + dashed(field.getField());
		return variableOf(name, null) + " " + field.getDefaultMessage();
	}

	/**
	 * Names the environment variable that sets a property: the one it was read from, or
	 * the one in the {@code ${VARIABLE:default}} placeholder of {@code application.yml},
	 * else the property's own name.
	 */
	private String variableOf(String name, ConfigurationProperty property) {
		if (property != null && property.getOrigin() instanceof SystemEnvironmentOrigin origin) {
			return origin.getProperty();
		}
		if (this.environment instanceof ConfigurableEnvironment configurable) {
			for (PropertySource<?> source : configurable.getPropertySources()) {
				Object raw = source.getProperty(name);
				if (raw != null) {
					Matcher placeholder = PLACEHOLDER.matcher(raw.toString());
					return placeholder.find() ? placeholder.group(1) : name;
				}
			}
		}
		return name;
	}

	private static String dashed(String field) {
		return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root;
	}

	private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

}
