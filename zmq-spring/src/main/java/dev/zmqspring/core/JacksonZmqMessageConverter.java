package dev.zmqspring.core;

import java.lang.reflect.Type;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Any other type as a JSON frame, with the Jackson 3 {@link JsonMapper} that Spring Boot configures
 * (so {@code spring.jackson.*} properties apply). Consulted last: it accepts every type.
 */
public final class JacksonZmqMessageConverter implements ZmqMessageConverter {

	private final JsonMapper mapper;

	public JacksonZmqMessageConverter(JsonMapper mapper) {
		this.mapper = mapper;
	}

	@Override
	public boolean supports(Class<?> type) {
		return true;
	}

	@Override
	public byte[] toFrame(Object payload) {
		try {
			return this.mapper.writeValueAsBytes(payload);
		}
		catch (JacksonException ex) {
			throw new ZmqMessageConversionException(
					"Cannot write " + payload.getClass().getName() + " as JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	@Override
	public Object fromFrame(byte[] frame, Type targetType) {
		JavaType type = this.mapper.constructType(targetType);
		try {
			return this.mapper.readValue(frame, type);
		}
		catch (JacksonException ex) {
			throw new ZmqMessageConversionException(
					"Cannot read JSON frame as " + type.toCanonical() + ": " + ex.getOriginalMessage(), ex);
		}
	}

}
