export const CockpitPage = ({ id }: { id: string }) => <div>{id}</div>;
