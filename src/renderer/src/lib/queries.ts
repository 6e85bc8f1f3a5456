import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query'
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/contract'
import { call } from './client'

/** react-query over a contract channel; the key is [channel, input] so events can invalidate by channel. */
export function useChannel<C extends ChannelName>(
  channel: C,
  input?: ChannelInput<C>,
  options?: Omit<UseQueryOptions<ChannelOutput<C>>, 'queryKey' | 'queryFn'>
) {
  return useQuery<ChannelOutput<C>>({
    queryKey: input === undefined ? [channel] : [channel, input],
    queryFn: () => call(channel, input),
    ...options
  })
}

/** A command channel as a mutation; invalidates the named channels on success. */
export function useCommand<C extends ChannelName>(channel: C, invalidates: ChannelName[] = []) {
  const client = useQueryClient()
  return useMutation<ChannelOutput<C>, Error, ChannelInput<C>>({
    mutationFn: (input) => call(channel, input),
    onSuccess: async () => {
      await Promise.all(invalidates.map((c) => client.invalidateQueries({ queryKey: [c] })))
    }
  })
}
