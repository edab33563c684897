import type {
  ChatCompletionCreateParamsBase,
  ChatCompletionFunctionTool,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { ChatMessage, CompletionRequest } from '../../domain/index.js';

function apiMessage(message: ChatMessage): ChatCompletionMessageParam {
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content };
    case 'user':
      return { role: 'user', content: message.content };
    case 'tool':
      return { role: 'tool', content: message.content, tool_call_id: message.toolCallId ?? '' };
    case 'assistant': {
      const calls = message.toolCalls ?? [];
      if (calls.length === 0) return { role: 'assistant', content: message.content };
      return {
        role: 'assistant',
        // The API wants null rather than '' beside tool calls.
        content: message.content === '' ? null : message.content,
        tool_calls: calls.map((call) => ({
          id: call.id,
          type: 'function',
          function: { name: call.name, arguments: call.arguments },
        })),
      };
    }
    default: {
      const never: never = message.role;
      return never;
    }
  }
}

/**
 * The body of `POST /chat/completions` for `request` (without `stream`): messages and `function` tools in the
 * API's shape; each sampling parameter only when set, so the endpoint's defaults apply otherwise.
 */
export function chatRequestBody(
  request: CompletionRequest,
): ChatCompletionCreateParamsBase & { stream?: never } {
  const { parameters, tools = [] } = request;
  const apiTools: ChatCompletionFunctionTool[] = tools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: tool.parameters },
  }));
  return {
    model: request.endpoint.model,
    messages: request.messages.map(apiMessage),
    ...(apiTools.length === 0 ? {} : { tools: apiTools }),
    ...(parameters.temperature === undefined ? {} : { temperature: parameters.temperature }),
    ...(parameters.topP === undefined ? {} : { top_p: parameters.topP }),
    ...(parameters.maxTokens === undefined ? {} : { max_tokens: parameters.maxTokens }),
    ...(parameters.stop === undefined ? {} : { stop: [...parameters.stop] }),
    ...(parameters.seed === undefined ? {} : { seed: parameters.seed }),
  };
}
